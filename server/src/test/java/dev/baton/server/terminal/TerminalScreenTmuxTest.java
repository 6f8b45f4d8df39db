package dev.baton.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.qr.ScanUrl;
import dev.baton.server.qr.TerminalQr;
import dev.baton.server.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live screen in a real pseudo-terminal: {@link TerminalScreenDemo} run by tmux, driven by its keys. */
class TerminalScreenTmuxTest {
    private static final Pattern COUNTDOWN = Pattern.compile("ends in (\\d+:\\d\\d)");

    @TempDir
    Path dir;

    private TmuxPane pane;

    @AfterEach
    void killTmux() {
        if (pane != null) {
            pane.close();
        }
    }

    @Test
    void showsTheStateCutToTheWidthAndCountsDown() throws IOException {
        start(100, 40);

        String screen = awaitScreen("the session's tool activity", s -> s.contains("Edit src/app.ts"));
        assertThat(screen)
                .contains("Baton Remote Control · demo")
                .contains("/home/someone/projects/app")
                .contains("same-dir")
                .contains("reconnecting")
                .contains("Sandbox    on")
                .contains("fix the login bug  1 device  working · Edit src/app.ts")
                .contains("http://127.0.0.1:8123/s/3f9c2a7e-0b1d-4c55-9a4e-2f6d8e1b7c90#pairing-code-XK42")
                .contains("Only this machine can open this URL")
                .contains("--bind 0.0.0.0")
                .contains("--relay <url>")
                .doesNotContain("END");
        assertThat(screen.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
        assertThat(screen.lines().filter(line -> line.startsWith("  a session title far too long")))
                .singleElement()
                .satisfies(line -> assertThat(line).endsWith("…"));

        String first = countdown(screen);
        awaitScreen("the countdown to tick from " + first, s -> !countdown(s).equals(first));
    }

    @Test
    void spaceShowsAndHidesTheQrCode() throws IOException {
        start(100, 40);
        awaitScreen("the screen", s -> s.contains("Edit src/app.ts"));

        pane.sendKeys("Space");
        String qr = awaitScreen("the QR code", s -> qrRows(s) > 10);
        assertThat(qr).doesNotContain("too small");

        pane.sendKeys("Space");
        awaitScreen("the sessions again, without the QR code", s -> qrRows(s) == 0 && s.contains("Edit src/app.ts"));
    }

    @Test
    void anEightyByTwentyFourTerminalShowsTheWholeQrCodeOfAPairingUrlAndAPhoneCanReadIt() throws Exception {
        String url = "http://127.0.0.1:7420/s/N46accZ3uaHe1_WtSZa_3w"
                + "#pair=btp_cK16htCbyAUJnbqgViiFgeMUnfBIowAOznQDWjQOFkY&key=uS5Af2_C27_cOhE1vP8jBHsy2YDRa8Wh_rjVeyDKlK2";
        start(80, 24, url);
        awaitScreen("the screen", s -> s.contains("Edit src/app.ts"));

        pane.sendKeys("Space");
        String screen = awaitScreen("the whole QR code", s -> TerminalQr.rows(s).size() == 23);

        List<String> rows = TerminalQr.rows(screen);
        assertThat(screen).doesNotContain("too small");
        // The quiet zone above and below: nothing of the code is cut off.
        assertThat(rows.getFirst()).matches("█+");
        assertThat(rows.getLast()).matches("█+");
        assertThat(screen.lines().toList().getLast()).isEqualTo(StatusText.KEYS);
        assertThat(TerminalQr.decode(rows)).isEqualTo(ScanUrl.of(url)).isNotEqualTo(url);
    }

    @Test
    void aSmallTerminalGetsTheUrlInsteadOfTheQrCode() throws IOException {
        start(60, 16);
        awaitScreen("the screen", s -> s.contains("Baton Remote Control"));

        pane.sendKeys("Space");
        String screen = awaitScreen("the too-small hint", s -> s.contains("Terminal too small for the QR code"));
        assertThat(qrRows(screen)).isZero();
        assertThat(screen).contains("http://127.0.0.1:8123/s/3f9c2a7e-0b1d-4c55-9a4e-2f6d8e1b7c90");
    }

    @Test
    void aResizeRedrawsForTheNewSize() throws IOException {
        start(100, 40);
        awaitScreen("the screen", s -> s.contains("Edit src/app.ts"));
        pane.sendKeys("Space");
        awaitScreen("the QR code", s -> qrRows(s) > 10);

        pane.resize(60, 16);
        String screen = awaitScreen("the too-small hint", s -> s.contains("Terminal too small for the QR code"));
        assertThat(qrRows(screen)).isZero();
        assertThat(screen.lines().findFirst()).hasValue("Baton Remote Control · demo");
    }

    @Test
    void wShowsTheToggleAnswerAndTheNewMode() throws IOException {
        start(100, 40);
        awaitScreen("the screen", s -> s.contains("Spawn      same-dir"));

        pane.sendKeys("w");
        String screen = awaitScreen("the toggle's answer", s -> s.contains(TerminalScreenDemo.TOGGLED));
        assertThat(screen).contains("Spawn      worktree");

        pane.sendKeys("x");
        awaitScreen("the answer gone at the next key", s -> !s.contains(TerminalScreenDemo.TOGGLED));
    }

    @Test
    void qStopsExitsZeroAndRestoresTheTerminal() throws IOException {
        start(100, 40);
        awaitScreen("the screen", s -> s.contains("Edit src/app.ts"));

        pane.sendKeys("q");

        assertExitedAndRestored();
    }

    @Test
    void ctrlCStopsToo() throws IOException {
        start(100, 40);
        awaitScreen("the screen", s -> s.contains("Edit src/app.ts"));

        pane.sendKeys("C-c");

        assertExitedAndRestored();
    }

    @Test
    void sigtermRestoresTheTerminalThroughTheShutdownHook() throws IOException {
        start(100, 40);
        awaitScreen("the screen", s -> s.contains("Edit src/app.ts"));
        long pid = Long.parseLong(Files.readString(dir.resolve("demo.pid")));

        assertThat(ProcessHandle.of(pid).orElseThrow().destroy()).isTrue();

        assertExitedAndRestored(143);
    }

    private void assertExitedAndRestored() throws IOException {
        assertExitedAndRestored(0);
    }

    private void assertExitedAndRestored(int status) throws IOException {
        Await.until("the demo to exit", pane::dead);
        assertThat(pane.exitStatus())
                .as(Files.readString(dir.resolve("stderr")))
                .isEqualTo(status);
        // Back on the main screen: the shell's line is there, the status screen is gone.
        assertThat(pane.captureAll()).contains("demo exited " + status).doesNotContain("Baton Remote Control");
        assertThat(modes("after")).isEqualTo(modes("before"));
    }

    /**
     * The terminal's modes as stty lists them, without the line speed: JLine's native terminal writes the
     * speed back as 0, which a pseudo-terminal ignores.
     */
    private String modes(String file) throws IOException {
        return Files.readString(dir.resolve(file)).replaceAll("speed \\d+ baud; ", "");
    }

    private void start(int columns, int rows) throws IOException {
        start(columns, rows, TerminalScreenDemo.URL);
    }

    private void start(int columns, int rows, String url) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path script = dir.resolve("demo.sh");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "cd '" + dir + "'",
                        // Ctrl-C signals the whole foreground group; the shell must outlive it to report.
                        "trap true INT",
                        "stty -a > before",
                        "'" + java + "' --enable-native-access=ALL-UNNAMED -cp '"
                                + System.getProperty("java.class.path") + "' "
                                + TerminalScreenDemo.class.getName() + " '" + url + "' 2> stderr",
                        "code=$?",
                        "stty -a > after",
                        "echo \"demo exited $code\"",
                        "exit $code",
                        ""));
        pane = TmuxPane.start(dir, script, columns, rows);
    }

    private String awaitScreen(String what, java.util.function.Predicate<String> condition) {
        String[] last = {""};
        try {
            Await.until(what, () -> condition.test(last[0] = pane.capture()));
        } catch (AssertionError | ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; the screen was:\n" + last[0], e);
        }
        return last[0];
    }

    private static String countdown(String screen) {
        Matcher matcher = COUNTDOWN.matcher(screen);
        assertThat(matcher.find()).as("a countdown on\n" + screen).isTrue();
        return matcher.group(1);
    }

    private static long qrRows(String screen) {
        return TerminalQr.rows(screen).size();
    }
}
