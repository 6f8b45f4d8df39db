package dev.baton.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.server.terminal.TmuxPane;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.ProcessOutput;
import dev.baton.server.testing.ProcessTrees;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second {@code baton remote-control} for a session another live process holds, as real processes
 * sharing one {@code BATON_HOME}: at a terminal (a tmux pane) it asks before taking the session over
 * from another remote-control, and never stops an interactive {@code baton}; without a terminal it
 * refuses, exit 2, naming the holder.
 */
@Timeout(120)
class TakeoverProcessTest {
    @TempDir
    Path dir;

    private Path home;
    private Path workspace;
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final List<TmuxPane> panes = new ArrayList<>();

    @BeforeEach
    void folders() throws IOException {
        home = dir.resolve("home");
        workspace = Files.createDirectories(dir.resolve("project")); // no project files: nothing to trust
    }

    @AfterEach
    void stopAll() {
        ProcessTrees.kill(processes);
        panes.forEach(TmuxPane::close);
    }

    @Test
    void atATerminalYesStopsTheOtherRemoteControlAndHostsItsSession() throws Exception {
        Hosting first = hostInBackground("--name", "demo");

        TmuxPane second = pane("remote-control", "--name", "demo", "--port", "0", "--json");
        Await.until("the question", () -> second.capture().contains("Take it over?"));
        assertThat(second.capture())
                .contains("Session 'demo' is hosted by another baton remote-control (pid "
                        + first.process().pid() + "). Take it over? [y/N]");
        assertThat(first.process().isAlive())
                .as("nothing is stopped before the answer")
                .isTrue();
        second.sendKeys("y", "Enter");

        assertThat(first.process().waitFor(30, TimeUnit.SECONDS))
                .as("the first one stops")
                .isTrue();
        assertThat(first.process().exitValue()).isZero();
        Await.until("the second one ready", () -> joined(second).contains("\"event\":\"ready\""));
        assertThat(joined(second))
                .contains("\"sessionId\":\"" + first.sessionId() + "\"")
                .doesNotContain("Exception");
        Await.until("the second one online", () -> joined(second).contains("\"online\""));
        assertThat(second.dead()).isFalse();
        String record = Files.readString(
                home.resolve("sessions").resolve(first.sessionId()).resolve("holder.json"));
        assertThat(Json.MAPPER.readTree(record).path("kind").asText()).isEqualTo("remote-control");
        assertThat(Json.MAPPER.readTree(record).path("pid").asLong())
                .isNotEqualTo(first.process().pid());
    }

    @Test
    void atATerminalNoLeavesTheOtherRunningAndExitsTwo() throws Exception {
        Hosting first = hostInBackground("--name", "demo");

        TmuxPane second = pane("remote-control", "--name", "demo", "--port", "0");
        Await.until("the question", () -> second.capture().contains("Take it over?"));
        second.sendKeys("n", "Enter");

        Await.until("the second one to end", second::dead);
        assertThat(second.exitStatus()).isEqualTo(2);
        assertThat(joined(second))
                .contains("baton: session 'demo' is hosted by another baton remote-control (pid "
                        + first.process().pid() + ")");
        assertThat(first.process().isAlive()).isTrue();
        assertThat(Files.readString(
                        home.resolve("sessions").resolve(first.sessionId()).resolve("holder.json")))
                .contains("\"pid\":" + first.process().pid());
    }

    @Test
    void withoutATerminalASecondStartRefusesWithExitTwoNamingTheHolder() throws Exception {
        Hosting first = hostInBackground("--name", "demo");

        Process second = start(dir.resolve("second.log"), "remote-control", "--name", "demo", "--port", "0", "--json");
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String stderr = Files.readString(dir.resolve("second.log"));
        assertThat(second.exitValue()).as(stderr).isEqualTo(2);
        assertThat(new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEmpty();
        assertThat(stderr)
                .startsWith("baton: session 'demo' is hosted by another baton remote-control (pid "
                        + first.process().pid() + ") in " + workspace.toRealPath())
                .doesNotContain("Exception");
        assertThat(first.process().isAlive()).isTrue();

        Process bySessionId =
                start(dir.resolve("by-id.log"), "remote-control", "--session-id", first.sessionId(), "--port", "0");
        assertThat(bySessionId.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bySessionId.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("by-id.log")))
                .startsWith("baton: session " + first.sessionId() + " is hosted by another baton remote-control (pid "
                        + first.process().pid() + ")");
        assertThat(first.process().isAlive()).isTrue();
    }

    @Test
    void anInteractiveBatonIsNeverStoppedEvenAtATerminal() throws Exception {
        TmuxPane interactive = pane();
        Await.until("the interactive session", () -> interactive.capture().contains(" · session "));
        String shown = interactive.capture();
        String sessionId = shown.substring(shown.indexOf(" · session ") + " · session ".length())
                .strip()
                .split("\\s+")[0];
        String pid = Json.MAPPER
                .readTree(Files.readString(
                        home.resolve("sessions").resolve(sessionId).resolve("holder.json")))
                .path("pid")
                .asText();

        TmuxPane second = pane("remote-control", "--continue", "--port", "0");
        Await.until("the second one to end", second::dead);

        assertThat(second.exitStatus()).isEqualTo(2);
        assertThat(joined(second))
                .contains("is open in an interactive baton (pid " + pid + ") in a terminal")
                .doesNotContain("Take it over?");
        assertThat(interactive.dead()).isFalse();
    }

    private record Hosting(Process process, String sessionId) {}

    /** {@code baton remote-control ARGS --port 0 --json} without a terminal, once its session is online. */
    private Hosting hostInBackground(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("remote-control", "--port", "0", "--json"));
        command.addAll(List.of(args));
        Process process = start(dir.resolve("first.log"), command.toArray(String[]::new));
        List<String> lines = ProcessOutput.lines(process);
        Await.until("the first one online", () -> lines.stream().anyMatch(line -> line.contains("\"online\"")));
        JsonNode ready = Json.MAPPER.readTree(lines.getFirst());
        assertThat(ready.path("event").asText()).isEqualTo("ready");
        return new Hosting(process, ready.path("sessionId").asText());
    }

    /** {@code baton ARGS} in the workspace, stdin from /dev/null, stderr to {@code log}. */
    private Process start(Path log, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(java(args))
                .directory(workspace.toFile())
                .redirectInput(new File("/dev/null"))
                .redirectError(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BATON_") || name.startsWith("ANTHROPIC_"));
        builder.environment().put("BATON_HOME", home.toString());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** {@code baton ARGS} in the workspace, on a terminal of its own. */
    private TmuxPane pane(String... args) throws IOException {
        Path paneDir = Files.createDirectories(dir.resolve("pane-" + panes.size()));
        Path script = paneDir.resolve("run.sh");
        StringBuilder command = new StringBuilder("cd " + quoted(workspace.toString()) + " && exec env");
        System.getenv().keySet().stream()
                .filter(name -> name.startsWith("BATON_") || name.startsWith("ANTHROPIC_"))
                .forEach(name -> command.append(" -u ").append(name));
        command.append(" BATON_HOME=").append(quoted(home.toString()));
        for (String word : java(args)) {
            command.append(' ').append(quoted(word));
        }
        Files.writeString(script, command + "\n");
        TmuxPane pane = TmuxPane.start(paneDir, script, 200, 50);
        panes.add(pane);
        return pane;
    }

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                BatonCli.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** The pane's history with the rows a long line was wrapped into joined again. */
    private static String joined(TmuxPane pane) {
        return pane.captureAll().replace("\n", "");
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
