package dev.baton.server.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.server.agent.config.ProjectSettings;
import dev.baton.server.agent.model.Cancellation;
import dev.baton.server.agent.tool.Tool;
import dev.baton.server.agent.tool.ToolContext;
import dev.baton.server.agent.tool.ToolOutcome;
import dev.baton.server.sandbox.DomainAllowList;
import dev.baton.server.sandbox.Sandbox;
import dev.baton.server.sandbox.SandboxSettings;
import dev.baton.server.sandbox.SessionNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MCP servers started by Baton run behind bubblewrap when the sandbox is on. */
class McpSandboxTest {
    /** Under the build directory, beside the class path the server runs from, as a real project would be. */
    private Path project;

    @TempDir
    Path home;

    private final List<String> notices = new CopyOnWriteArrayList<>();

    @BeforeEach
    void makeProject() throws IOException {
        project = Files.createTempDirectory(
                Files.createDirectories(Path.of("target").toAbsolutePath()), "mcp-sandbox-");
    }

    @AfterEach
    void removeProject() throws IOException {
        try (var files = Files.walk(project)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void aSandboxedServerStartsAndAnswers() throws Exception {
        new McpTestProject().javaServer("demo").writeTo(project);
        Sandbox sandbox = SandboxSettings.NONE.sandbox(true, home, Files.createDirectories(home.resolve(".baton")));
        try (McpServers servers = McpServers.start(
                ProjectSettings.trusted(project),
                McpTestProject.ENVIRONMENT,
                notices::add,
                McpTestProject.TIMEOUTS,
                sandbox)) {
            assertThat(notices).isEmpty();
            Tool echo = servers.tools().stream()
                    .filter(tool -> tool.name().equals("mcp__demo__echo"))
                    .findFirst()
                    .orElseThrow();
            ToolOutcome outcome = echo.run(json("{\"text\": \"boxed\"}"), new ToolContext(project, new Cancellation()));
            assertThat(outcome).isEqualTo(ToolOutcome.success("echo: boxed"));
        }
    }

    @Test
    void aServerInASandboxWithAllowedDomainsStartsAndAnswersThroughTheForwarder() throws Exception {
        new McpTestProject().javaServer("demo").writeTo(project);
        DomainAllowList allowed = new DomainAllowList(List.of("example.com"));
        try (SessionNetwork network = new SessionNetwork(allowed, notices::add)) {
            Sandbox sandbox = new SandboxSettings(true, List.of(), List.of(), allowed)
                    .sandbox(true, home, Files.createDirectories(home.resolve(".baton")))
                    .withNetwork(network);
            try (McpServers servers = McpServers.start(
                    ProjectSettings.trusted(project),
                    McpTestProject.ENVIRONMENT,
                    notices::add,
                    McpTestProject.TIMEOUTS,
                    sandbox)) {
                Tool echo = servers.tools().stream()
                        .filter(tool -> tool.name().equals("mcp__demo__echo"))
                        .findFirst()
                        .orElseThrow();
                assertThat(echo.run(json("{\"text\": \"proxied\"}"), new ToolContext(project, new Cancellation())))
                        .isEqualTo(ToolOutcome.success("echo: proxied"));
            }
            assertThat(notices).isEmpty();
        }
    }

    @Test
    void theServersCommandLineGoesThroughBubblewrap() {
        new McpTestProject().javaServer("demo").writeTo(project);
        Sandbox missing = new Sandbox(
                true, List.of(), List.of(), project.resolve("no-bwrap").toString());
        try (McpServers servers = McpServers.start(
                ProjectSettings.trusted(project),
                McpTestProject.ENVIRONMENT,
                notices::add,
                McpTestProject.TIMEOUTS,
                missing)) {
            assertThat(servers.tools()).isEmpty();
        }
        // java itself is there: only the missing wrapper can stop it (the notice names the configured command).
        assertThat(notices)
                .singleElement()
                .asString()
                .contains("demo did not start")
                .contains("Exec failed");
    }

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }
}
