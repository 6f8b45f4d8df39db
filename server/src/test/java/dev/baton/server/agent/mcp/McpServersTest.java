package dev.baton.server.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.server.agent.config.ProjectSettings;
import dev.baton.server.agent.model.Cancellation;
import dev.baton.server.agent.tool.Access;
import dev.baton.server.agent.tool.Tool;
import dev.baton.server.agent.tool.ToolContext;
import dev.baton.server.agent.tool.ToolInputException;
import dev.baton.server.agent.tool.ToolOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One real server process, started once, shared by every test here. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpServersTest {
    @TempDir
    static Path project;

    private final List<String> notices = new CopyOnWriteArrayList<>();
    private McpServers servers;

    @BeforeAll
    void startServer() {
        new McpTestProject().javaServer("demo").writeTo(project);
        servers = McpServers.start(
                ProjectSettings.trusted(project), McpTestProject.ENVIRONMENT, notices::add, McpTestProject.TIMEOUTS);
    }

    @AfterAll
    void stopServer() {
        servers.close();
    }

    @Test
    void exposesEachToolUnderItsQualifiedNameWithDescriptionAndSchema() {
        assertThat(notices).isEmpty();
        assertThat(servers.tools())
                .extracting(Tool::name)
                .containsExactly(
                        "mcp__demo__echo",
                        "mcp__demo__where",
                        "mcp__demo__fail",
                        "mcp__demo__mixed_parts",
                        "mcp__demo__spawn_child",
                        "mcp__demo__wait_forever",
                        "mcp__demo__halt");
        Tool echo = tool("mcp__demo__echo");
        assertThat(echo.description()).isEqualTo("Says the text back.");
        assertThat(echo.inputSchema()).isEqualTo(json(TestMcpServer.TEXT_SCHEMA));
    }

    @Test
    void aCallReturnsTheServersText() throws Exception {
        ToolOutcome outcome = tool("mcp__demo__echo").run(json("{\"text\": \"hello\"}"), context());

        assertThat(outcome).isEqualTo(ToolOutcome.success("echo: hello"));
    }

    @Test
    void theServerRunsInTheWorkingDirectory() throws Exception {
        ToolOutcome outcome = tool("mcp__demo__where").run(json("{}"), context());

        assertThat(outcome.output().lines().findFirst())
                .contains(project.toRealPath().toString());
    }

    @Test
    void onlyToolsMarkedReadOnlyRunUnasked() {
        assertThat(tool("mcp__demo__echo").access(json("{\"text\": \"x\"}"), context()))
                .isEqualTo(new Access.Free());
        assertThat(tool("mcp__demo__mixed_parts").access(json("{}"), context()))
                .isEqualTo(new Access.NeedsPermission("Call mixed.parts on MCP server demo", ""));
    }

    @Test
    void anErrorResultIsNotOk() throws Exception {
        ToolOutcome outcome = tool("mcp__demo__fail").run(json("{}"), context());

        assertThat(outcome).isEqualTo(ToolOutcome.failure("it failed on purpose"));
    }

    @Test
    void contentOtherThanTextIsDescribed() throws Exception {
        ToolOutcome outcome = tool("mcp__demo__mixed_parts").run(json("{}"), context());

        assertThat(outcome).isEqualTo(ToolOutcome.success("first\n[image image/png, 6 bytes]\nlast"));
    }

    @Test
    void inputThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> tool("mcp__demo__echo").run(json("[1]"), context()))
                .isInstanceOf(ToolInputException.class);
    }

    @Test
    void cancellingStopsAWaitingCallPromptly() {
        var cancellation = new Cancellation();
        // The stimulus comes later on another thread; the call would otherwise wait five minutes.
        CompletableFuture.runAsync(cancellation::cancel, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        long start = System.nanoTime();

        assertThatThrownBy(
                        () -> tool("mcp__demo__wait_forever").run(json("{}"), new ToolContext(project, cancellation)))
                .isInstanceOf(InterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    private Tool tool(String name) {
        return servers.tools().stream()
                .filter(tool -> tool.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private ToolContext context() {
        return new ToolContext(project, new Cancellation());
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
