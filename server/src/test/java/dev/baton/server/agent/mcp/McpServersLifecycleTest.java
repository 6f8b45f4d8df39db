package dev.baton.server.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.server.agent.config.ProjectSettings;
import dev.baton.server.agent.model.Cancellation;
import dev.baton.server.agent.tool.Tool;
import dev.baton.server.agent.tool.ToolContext;
import dev.baton.server.agent.tool.ToolOutcome;
import dev.baton.server.sandbox.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, failing and stopping real server processes; each test has its own. */
class McpServersLifecycleTest {
    @TempDir
    Path project;

    private final List<String> notices = new CopyOnWriteArrayList<>();

    /** Every test closes what it started, so no server process may outlive it: not even a failed one. */
    @AfterEach
    void noServerProcessIsLeft() {
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive))
                .isEmpty();
    }

    @Test
    void noFileMeansNoServersAndNoNotice() {
        try (McpServers servers = McpServers.start(
                ProjectSettings.trusted(project), McpTestProject.ENVIRONMENT, notices::add, Sandbox.OFF)) {
            assertThat(servers.tools()).isEmpty();
        }
        assertThat(notices).isEmpty();
    }

    @Test
    void aMalformedFileIsOneNotice() {
        McpTestProject.write(project, "not json");

        try (McpServers servers = McpServers.start(
                ProjectSettings.trusted(project), McpTestProject.ENVIRONMENT, notices::add, Sandbox.OFF)) {
            assertThat(servers.tools()).isEmpty();
        }
        assertThat(notices).singleElement().asString().contains(".mcp.json", "is not valid JSON");
    }

    @Test
    void serversThatFailToStartAreNoticedWhileTheGoodOneWorks() throws Exception {
        new McpTestProject()
                .server("missing", "/no/such/mcp-server", Json.MAPPER.createArrayNode())
                // Like a real server's last words, the line comes out before the exit: the SDK stops reading
                // stderr once stdout ends, so a line written in the same instant may be lost.
                .server(
                        "crashing",
                        "sh",
                        Json.MAPPER
                                .createArrayNode()
                                .add("-c")
                                .add("echo 'boom: no configuration' >&2; sleep 0.3; exit 7"))
                .javaServer("good")
                .writeTo(project);

        try (McpServers servers = McpServers.start(
                ProjectSettings.trusted(project), McpTestProject.ENVIRONMENT, notices::add, McpTestProject.TIMEOUTS)) {
            // "it exited" (not "did not answer within 20 s") shows the crash was seen when the process
            // exited, without timing the start on a machine whose load the test does not control.
            assertThat(notices)
                    .satisfiesExactlyInAnyOrder(
                            notice -> assertThat(notice)
                                    .startsWith("MCP server missing did not start: ")
                                    .contains("cannot run /no/such/mcp-server: ", "No such file or directory"),
                            notice -> assertThat(notice)
                                    .startsWith("MCP server crashing did not start: it exited (exit code 7)")
                                    .contains("boom: no configuration"));
            assertThat(servers.tools()).extracting(Tool::name).allMatch(name -> name.startsWith("mcp__good__"));
            assertThat(run(servers, "mcp__good__echo", "{\"text\": \"still here\"}"))
                    .isEqualTo(ToolOutcome.success("echo: still here"));
        }
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsNoticed() {
        new McpTestProject()
                .server("silent", "sleep", Json.MAPPER.createArrayNode().add("60"))
                .writeTo(project);
        var timeouts = new McpTimeouts(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMillis(500));

        try (McpServers servers = McpServers.start(
                ProjectSettings.trusted(project), McpTestProject.ENVIRONMENT, notices::add, timeouts)) {
            assertThat(servers.tools()).isEmpty();
        }
        assertThat(notices).containsExactly("MCP server silent did not start: it did not answer within 500 ms");
    }

    @Test
    void closeStopsTheServerAndItsChildren() throws Exception {
        new McpTestProject().javaServer("parent").writeTo(project);
        ProcessHandle server;
        ProcessHandle child;
        try (McpServers servers = McpServers.start(
                ProjectSettings.trusted(project), McpTestProject.ENVIRONMENT, notices::add, McpTestProject.TIMEOUTS)) {
            server = process(run(servers, "mcp__parent__where", "{}")
                    .output()
                    .lines()
                    .toList()
                    .get(1));
            child = process(run(servers, "mcp__parent__spawn_child", "{}").output());
            assertThat(List.of(server, child)).allMatch(ProcessHandle::isAlive);
        }
        assertThat(List.of(server, child)).noneMatch(ProcessHandle::isAlive);
        assertThat(notices).isEmpty();
    }

    @Test
    void aCallThatGetsNoAnswerInTimeIsReportedToTheModel() throws Exception {
        new McpTestProject().javaServer("fragile").writeTo(project);
        var timeouts = new McpTimeouts(Duration.ofSeconds(20), Duration.ofMillis(500), Duration.ofMillis(500));

        try (McpServers servers = McpServers.start(
                ProjectSettings.trusted(project), McpTestProject.ENVIRONMENT, notices::add, timeouts)) {
            assertThat(run(servers, "mcp__fragile__wait_forever", "{}"))
                    .isEqualTo(ToolOutcome.failure("MCP server fragile did not answer wait_forever within 500 ms"));
        }
    }

    @Test
    void aServerThatExitsFailsTheCallAndEveryLaterOneWithItsExitCode() throws Exception {
        new McpTestProject().javaServer("fragile").writeTo(project);

        // The default call timeout (30 s): the exit, not a timeout, must be what ends the call.
        try (McpServers servers = McpServers.start(
                ProjectSettings.trusted(project), McpTestProject.ENVIRONMENT, notices::add, McpTestProject.TIMEOUTS)) {
            ToolOutcome halted = run(servers, "mcp__fragile__halt", "{}");
            ToolOutcome after = run(servers, "mcp__fragile__echo", "{\"text\": \"anyone?\"}");

            String stopped = "MCP server fragile has stopped (exit code 3); its tools are unavailable until the"
                    + " session restarts";
            assertThat(halted).isEqualTo(ToolOutcome.failure(stopped));
            assertThat(after).isEqualTo(ToolOutcome.failure(stopped));
        }
    }

    private ToolOutcome run(McpServers servers, String name, String input) throws Exception {
        Tool tool = servers.tools().stream()
                .filter(candidate -> candidate.name().equals(name))
                .findFirst()
                .orElseThrow();
        JsonNode json = Json.MAPPER.readTree(input);
        return tool.run(json, new ToolContext(project, new Cancellation()));
    }

    private static ProcessHandle process(String pid) {
        return ProcessHandle.of(Long.parseLong(pid.strip())).orElseThrow();
    }
}
