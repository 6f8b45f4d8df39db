package dev.baton.server.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.fixtures.model.FakeModelServer;
import dev.baton.fixtures.model.Reply;
import dev.baton.server.cli.BatonCli;
import dev.baton.server.qr.TerminalQr;
import dev.baton.server.terminal.TmuxPane;
import dev.baton.server.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code baton} alone in a real pseudo-terminal (tmux), against a fake model server on 127.0.0.1. */
class InteractiveSessionTmuxTest {
    @TempDir
    Path dir;

    private FakeModelServer model;
    private TmuxPane pane;

    @BeforeEach
    void startModel() {
        model = FakeModelServer.start();
    }

    @AfterEach
    void stop() {
        if (pane != null) {
            pane.close();
        }
        model.close();
    }

    @Test
    void aReplyIsStreamedOnceAndCtrlDExitsZeroWithTheResumeHint() throws IOException {
        model.enqueue(Reply.stream().text("First line of the answer\n", "second line ", "of it."));
        start();
        awaitPrompt();

        pane.sendKeys("hello model", "Enter");
        String screen = awaitScreen("the answer", s -> s.contains("second line of it."));
        assertThat(count(screen, "First line of the answer")).isOne();
        assertThat(count(screen, "› hello model"))
                .as("the typed line, not echoed again: " + screen)
                .isOne();

        awaitPrompt();
        pane.sendKeys("C-d");
        assertExited(0);
        assertThat(pane.captureAll()).contains(InteractiveSession.RESUME_HINT);
        assertThat(Files.getPosixFilePermissions(dir.resolve("home/history")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(dir.resolve("home/history"))).contains("hello model");
    }

    /**
     * A line led by wide characters is folded by the columns the terminal draws them in: Chinese, and ✅,
     * which tmux draws in two columns though JLine's table says one. Folded by another count, the line
     * would wrap mid-word.
     */
    @ParameterizedTest
    @ValueSource(strings = {"中文", "\u2705\u2705"})
    void aLineOfWideCharactersIsFoldedByTheColumnsOfTheTerminal(String pair) throws IOException {
        String wide = pair.repeat(8);
        model.enqueue(Reply.text(wide + " and then some English words"));
        startSized(40, 24);
        awaitPrompt();

        pane.sendKeys("hello", "Enter");
        String screen = awaitScreen("the answer", s -> s.contains("words"));
        assertThat(screen.lines().map(String::stripTrailing))
                .as(screen)
                .containsSubsequence(wide + " and", "then some English words");
    }

    @Test
    void aPermissionPromptIsAnsweredWithY() throws IOException {
        model.enqueue(
                Reply.stream()
                        .text("Writing it.")
                        .toolUse("toolu_1", "Write", "{\"path\":\"hello.txt\",", "\"content\":\"hi\\n\"}"),
                Reply.text("Done."));
        start();
        awaitPrompt();

        pane.sendKeys("write hello.txt", "Enter");
        awaitScreen("the permission prompt", s -> s.contains("Allow Write? [y/n/a]"));
        pane.sendKeys("y", "Enter");

        String screen = awaitScreen("the end of the turn", s -> s.contains("Done."));
        assertThat(screen).contains("● Write hello.txt").contains("allowed (answered here)");
        assertThat(Files.readString(dir.resolve("project/hello.txt"))).isEqualTo("hi\n");
        assertThat(screen.lines().reduce((a, b) -> b.isBlank() ? a : b).orElseThrow())
                .as("the prompt is back to normal")
                .startsWith(ConversationLoop.PROMPT.strip());
    }

    @Test
    void ctrlCInterruptsATurnAndOnAnIdlePromptExits() throws IOException {
        model.enqueue(Reply.stream().text("Thinking about ").stallAfterFirstDelta());
        start();
        awaitPrompt();

        pane.sendKeys("think hard", "Enter");
        Await.until("the model to be asked", () -> model.requestCount() == 1);
        awaitScreen("the turn running", s -> s.contains("think hard"));
        awaitPrompt();
        pane.sendKeys("C-c");
        awaitScreen("the interrupt", s -> s.contains("Interrupted"));

        awaitPrompt();
        pane.sendKeys("C-c");
        assertExited(0);
    }

    /**
     * The terminal sends its SIGINT to its whole foreground process group; a command in that group would die
     * of it before baton could interrupt the turn, and baton would then take the Ctrl-C for one at an idle
     * prompt and exit.
     */
    @Test
    void ctrlCDuringAShellCommandStopsTheCommandAndNotBaton() throws IOException {
        start();
        awaitPrompt();
        Path started = dir.resolve("started");

        pane.sendKeys("!touch '" + started + "' && sleep 30 && echo not-interrupted", "Enter");
        Await.until("the command to run", () -> Files.exists(started));
        awaitPrompt();
        pane.sendKeys("C-c");

        String screen = awaitScreen("the command stopped", s -> s.contains("⎿ exit "));
        assertThat(screen).contains("Interrupting…").doesNotContain("⎿ not-interrupted");
        assertThat(pane.dead()).as("baton still runs").isFalse();
        awaitPrompt();
        pane.sendKeys("C-d");
        assertExited(0);
    }

    @Test
    void aShellCommandRunsAndASlashCommandCompletes() throws IOException {
        start();
        awaitPrompt();

        pane.sendKeys("!echo from-the-shell", "Enter");
        awaitScreen("the command's output", s -> s.contains("⎿ from-the-shell"));
        pane.sendKeys("/sta", "Tab");
        awaitScreen("the completed command", s -> s.contains("/status"));
        pane.sendKeys("Enter");
        awaitScreen("the status", s -> s.contains("Remote Control is off"));
    }

    @Test
    void aMessageTypedDuringATurnIsQueuedAndTwoCtrlCsExit() throws IOException {
        model.enqueue(Reply.stream().text("Working on ").stallAfterFirstDelta());
        start();
        awaitPrompt();

        pane.sendKeys("first task", "Enter");
        Await.until("the model to be asked", () -> model.requestCount() == 1);
        pane.sendKeys("second task", "Enter");
        awaitScreen("the queued message", s -> s.contains("queued: second task"));

        awaitPrompt();
        pane.sendKeys("C-c");
        awaitScreen("the interrupt", s -> s.contains("Ctrl-C again within 2 s exits"));
        awaitPrompt();
        pane.sendKeys("C-c");
        assertExited(0);
    }

    @Test
    void continueAndResumeShowTheEarlierConversation() throws IOException {
        start();
        awaitPrompt();
        pane.sendKeys("!echo said-in-the-first-run", "Enter");
        awaitScreen("the output", s -> s.contains("⎿ said-in-the-first-run"));
        awaitPrompt();
        pane.sendKeys("C-d");
        assertExited(0);
        pane.close();

        start("-c");
        String continued = awaitScreen("the history", s -> s.contains("⎿ said-in-the-first-run"));
        assertThat(continued).contains("› !echo said-in-the-first-run");
        awaitPrompt();
        pane.sendKeys("C-d");
        assertExited(0);
        pane.close();

        start("--resume");
        awaitScreen("the list", s -> s.contains("Resume which session? [1-1]"));
        pane.sendKeys("1", "Enter");
        awaitScreen("the history", s -> s.contains("⎿ said-in-the-first-run"));
        awaitPrompt();
        pane.sendKeys("C-d");
        assertExited(0);
    }

    @Test
    void configTurnsRemoteControlOnForThisAndEveryLaterSession() throws IOException {
        start("--port", "0");
        awaitPrompt();

        pane.sendKeys("/config", "Enter");
        awaitScreen("the setting", s -> s.contains("1. Enable Remote Control for all sessions: off"));
        pane.sendKeys("1", "Enter");
        awaitScreen("Remote Control on for this session", s -> s.contains("Remote Control is on"));
        assertThat(Files.readString(dir.resolve("home/config.json"))).contains("\"remoteControlAllSessions\" : true");
        awaitPrompt();
        pane.sendKeys("C-d");
        assertExited(0);
        pane.close();

        start("--port", "0");
        String screen = awaitPrompt();
        assertThat(screen)
                .contains("Remote Control is on")
                .containsPattern("http://127\\.0\\.0\\.1:\\d+/s/")
                .as("an address on loopback says what a phone needs")
                .contains("Only this machine can open it.");
        pane.sendKeys("C-d");
        assertExited(0);
    }

    @Test
    void rcOnAnEightyByTwentyFourTerminalLeavesTheWholeQrCodeOnScreenForAPhone() throws Exception {
        startSized(80, 24, "--rc", "--port", "0");
        awaitScreen("the QR code", s -> TerminalQr.rows(s).size() == 23);
        String screen = awaitPrompt();

        // What the terminal shows now, without scrolling back.
        List<String> rows = TerminalQr.rows(pane.capture());
        assertThat(rows).hasSize(23);
        assertThat(rows.getFirst()).matches("█+");
        assertThat(rows.getLast()).matches("█+");
        String url = TerminalQr.decode(rows);
        assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/#pair=btp_[A-Za-z0-9_-]+&key=[A-Za-z0-9_-]{43}");
        // The same code and key as the URL printed above it, which names the session.
        assertThat(screen.replace("\n", "")).contains(url.substring(url.indexOf('#')));
        pane.sendKeys("C-d");
        assertExited(0);
        // Remote Control says it is off before the hint, which is the last word.
        String end = pane.captureAll();
        assertThat(end.substring(end.indexOf("Remote Control: off"))).contains(InteractiveSession.RESUME_HINT);
        assertThat(end.substring(0, end.indexOf("baton exited")).strip()).endsWith(InteractiveSession.RESUME_HINT);
    }

    private void start(String... args) throws IOException {
        startSized(120, 40, args);
    }

    private void startSized(int columns, int rows, String... args) throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path project = Files.createDirectories(dir.resolve("project"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path script = dir.resolve("baton.sh");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "cd '" + project + "'",
                        "trap true INT",
                        "unset BATON_RELAY_URL BATON_TOKEN OPENAI_API_KEY OPENAI_BASE_URL",
                        "export BATON_HOME='" + home + "' ANTHROPIC_API_KEY=test-key ANTHROPIC_BASE_URL='"
                                + model.anthropicBaseUrl() + "'",
                        "'" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED"
                                + " -cp '" + System.getProperty("java.class.path") + "' "
                                + BatonCli.class.getName() + " " + String.join(" ", args) + " 2> '"
                                + dir.resolve("stderr") + "'",
                        "echo \"baton exited $?\"",
                        ""));
        pane = TmuxPane.start(dir, script, columns, rows);
    }

    private void assertExited(int status) throws IOException {
        Await.until("baton to exit", () -> pane.captureAll().contains("baton exited"));
        assertThat(pane.captureAll())
                .as(Files.readString(dir.resolve("stderr")))
                .contains("baton exited " + status);
    }

    /** The line editor is reading: keys typed from now on reach it rather than the terminal's line discipline. */
    private String awaitPrompt() {
        return awaitScreen("the prompt", s -> s.strip().endsWith(ConversationLoop.PROMPT.strip()));
    }

    private String awaitScreen(String what, Predicate<String> condition) {
        String[] last = {""};
        try {
            Await.until(what, () -> condition.test(last[0] = pane.captureAll()));
        } catch (AssertionError | ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; the screen was:\n" + last[0], e);
        }
        return last[0];
    }

    private static long count(String screen, String text) {
        return Pattern.compile(Pattern.quote(text)).matcher(screen).results().count();
    }
}
