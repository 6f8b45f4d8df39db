package dev.baton.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.editor.ConnectionState;
import dev.baton.server.qr.QrCodes;
import dev.baton.server.qr.QrText;
import dev.baton.server.terminal.ScreenState.Activity;
import dev.baton.server.terminal.ScreenState.Reach;
import dev.baton.server.terminal.ScreenState.SessionLine;
import dev.baton.server.terminal.ScreenState.SpawnMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

class StatusTextTest {
    private static final Instant NOW = Instant.parse("2026-12-04T04:00:00Z");
    private static final String URL = "https://relay.example/s/0123456789abcdef#pairing-XK42";

    @Test
    void theCountdownIsMinutesAndSecondsAndStopsAtZero() {
        assertThat(StatusText.countdown(NOW.plus(Duration.ofSeconds(299)), NOW)).isEqualTo("4:59");
        assertThat(StatusText.countdown(NOW.plus(Duration.ofMinutes(12)), NOW)).isEqualTo("12:00");
        assertThat(StatusText.countdown(NOW.minusSeconds(3), NOW)).isEqualTo("0:00");
    }

    @Test
    void anOfflineDeadlineIsShownAsTimeLeft() {
        List<String> lines = text(state(ConnectionState.OFFLINE, NOW.plusSeconds(65), "title"), false, 100, 40);

        assertThat(lines).anySatisfy(line -> assertThat(line).contains("offline · Remote Control ends in 1:05"));
    }

    @Test
    void longLinesAreCutToTheWidthWithAnEllipsis() {
        List<String> lines = text(state(ConnectionState.ONLINE, null, "x".repeat(200)), false, 50, 40);

        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(50));
        assertThat(lines)
                .anySatisfy(line -> assertThat(line).startsWith("  xxx").endsWith("…"));
    }

    @Test
    void theSessionsHeadingSaysHowManyOfTheCapacityRunAndWhenNewSessionsAreRefused() {
        ScreenState one = state(ConnectionState.ONLINE, null, "api");

        assertThat(text(withCapacity(one, SpawnMode.WORKTREE, 32), false, 100, 40))
                .contains("Sessions  1 of 32");
        assertThat(text(withCapacity(one, SpawnMode.SAME_DIR, 1), false, 100, 40))
                .contains("Sessions  1 of 1 · full: New session is refused until one ends");
        assertThat(text(withCapacity(one, SpawnMode.SESSION, 1), false, 100, 40))
                .as("a single session asks nothing of the capacity")
                .contains("Sessions");
    }

    @Test
    void onANarrowTerminalTheUrlsAdviceWrapsInsteadOfLosingItsEnd() {
        ScreenState local = screen(
                ConnectionState.ONLINE, null, SpawnMode.WORKTREE, URL, List.of(line("api")), 32, Reach.THIS_MACHINE);

        List<String> lines = text(local, false, 50, 40);

        assertThat(lines)
                .contains("Open this URL on your phone (its pairing code", "works once, for 10 minutes):")
                .contains("Only this machine can open this URL. To open it", "from a phone, restart with")
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(50));
    }

    @Test
    void theDeviceCountIsSingularPluralOrNothingWhenUnknown() {
        assertThat(StatusText.devices(OptionalInt.of(0))).isEqualTo("0 devices");
        assertThat(StatusText.devices(OptionalInt.of(1))).isEqualTo("1 device");
        assertThat(StatusText.devices(OptionalInt.of(3))).isEqualTo("3 devices");
        assertThat(StatusText.devices(OptionalInt.empty())).isEmpty();
    }

    @Test
    void aSessionLineShowsItsDeviceCountOrNoneWhenTheRelayDoesNotSay() {
        assertThat(text(
                        withSession(new SessionLine("api", OptionalInt.of(2), Activity.IDLE, null, null)),
                        false,
                        100,
                        40))
                .contains("  api  2 devices  idle");
        assertThat(text(
                        withSession(new SessionLine("api", OptionalInt.of(0), Activity.IDLE, null, null)),
                        false,
                        100,
                        40))
                .contains("  api  0 devices  idle");

        List<String> unknown = text(
                withSession(new SessionLine("api", OptionalInt.empty(), Activity.IDLE, null, null)), false, 100, 40);
        assertThat(unknown).contains("  api  idle");
        assertThat(unknown).noneSatisfy(line -> assertThat(line).contains("device"));
    }

    @Test
    void theUrlIsNeverCutButContinuesOnTheNextLine() {
        List<String> lines = text(state(ConnectionState.ONLINE, null, "title"), false, 30, 40);

        assertThat(String.join("", lines)).contains("https://relay.example/s/0123456789abcdef#pairing-XK42");
    }

    @Test
    void aUrlWithWideCharactersContinuesAtTheColumnsOfTheWidth() {
        String url = "https://中继.example/s/会话#pairing-XK42";
        List<String> lines = text(withUrl(url), false, 20, 40);

        assertThat(lines).containsSubsequence("https://中继.example", "/s/会话#pairing-XK42");
    }

    @Test
    void aNoticeIsWrappedByColumns() {
        assertThat(StatusText.wrap("会话 已经 结束 请在 手机上 重新 打开", 20)).containsExactly("会话 已经 结束 请在", "手机上 重新 打开");
    }

    @Test
    void theUrlIsIntroducedWithHowLongAndHowOftenItsCodeWorks() {
        List<String> lines = text(state(ConnectionState.ONLINE, null, "title"), false, 80, 40);

        assertThat(lines).contains("Open this URL on your phone (its pairing code works once, for 10 minutes):");
    }

    @Test
    void aShortTerminalKeepsTheKeysLineAndNeverScrolls() {
        List<String> lines = text(state(ConnectionState.ONLINE, null, "title"), false, 100, 8);

        assertThat(lines).hasSize(8);
        assertThat(lines.getLast()).isEqualTo(StatusText.KEYS);
    }

    @Test
    void withoutSpawningTheKeysLineOffersNoSpawnModeSwitch() {
        ScreenState worktree = state(ConnectionState.ONLINE, null, "title");
        ScreenState single = withCapacity(worktree, SpawnMode.SESSION, worktree.capacity());

        assertThat(text(single, false, 100, 40).getLast()).isEqualTo("Space QR code · q quit");
        assertThat(text(worktree, false, 100, 40).getLast()).isEqualTo(StatusText.KEYS);
    }

    @Test
    void theQrCodeIsDrawnOnlyWhenItFits() {
        ScreenState state = state(ConnectionState.ONLINE, null, "title");

        assertThat(text(state, true, 100, 40))
                .anySatisfy(line -> assertThat(line).contains("████"));
        assertThat(text(state, true, 100, 40))
                .noneSatisfy(line -> assertThat(line).contains("too small"));
        assertThat(text(state, true, 30, 40))
                .noneSatisfy(line -> assertThat(line).contains("████"))
                .anySatisfy(line -> assertThat(line).startsWith("Terminal too small"));
        int qrLines =
                (int) QrText.render(QrCodes.encode(state.sessionUrl())).lines().count();
        assertThat(text(state, true, 100, qrLines))
                .noneSatisfy(line -> assertThat(line).contains("████"))
                .anySatisfy(line -> assertThat(line).startsWith("Terminal too small"));
    }

    @Test
    void onATerminalTooShortForEverythingTheQrCodeStandsAloneAboveTheKeys() {
        ScreenState state = state(ConnectionState.ONLINE, null, "title");
        String qr = QrText.render(QrCodes.encode(state.sessionUrl()));
        int qrLines = (int) qr.lines().count();

        List<String> lines = text(state, true, 100, qrLines + 1);

        assertThat(lines).hasSize(qrLines + 1);
        assertThat(lines.subList(0, qrLines)).isEqualTo(qr.lines().toList());
        assertThat(lines.getLast()).isEqualTo(StatusText.KEYS);
    }

    @Test
    void aNoticeStandsAboveTheKeys() {
        List<String> lines = StatusText.lines(
                        state(ConnectionState.ONLINE, null, "title"), NOW, false, "Spawn mode: worktree", 100, 40)
                .stream()
                .map(AttributedString::toString)
                .toList();

        assertThat(lines.get(lines.size() - 2)).isEqualTo("Spawn mode: worktree");
    }

    @Test
    void aLongNoticeIsWrappedAtSpacesAboveTheKeys() {
        String notice = "Port 7420 is taken by something that is not a Baton relay; use --port or --relay.";
        List<String> lines =
                StatusText.lines(state(ConnectionState.ONLINE, null, "title"), NOW, false, notice, 40, 40).stream()
                        .map(AttributedString::toString)
                        .toList();

        assertThat(lines.subList(lines.size() - 4, lines.size()))
                .containsExactly(
                        "Port 7420 is taken by something that is",
                        "not a Baton relay; use --port or",
                        "--relay.",
                        StatusText.KEYS);
    }

    private static List<String> text(ScreenState state, boolean qr, int width, int height) {
        return StatusText.lines(state, NOW, qr, null, width, height).stream()
                .map(AttributedString::toString)
                .toList();
    }

    private static ScreenState withUrl(String url) {
        return screen(ConnectionState.ONLINE, null, SpawnMode.WORKTREE, url, List.of(line("title")), 32, Reach.RELAY);
    }

    private static ScreenState withSession(SessionLine session) {
        return screen(ConnectionState.ONLINE, null, SpawnMode.WORKTREE, URL, List.of(session), 32, Reach.RELAY);
    }

    private static ScreenState withCapacity(ScreenState state, SpawnMode mode, int capacity) {
        return screen(
                state.connection(),
                state.offlineDeadline(),
                mode,
                state.sessionUrl(),
                state.sessions(),
                capacity,
                state.reach());
    }

    private static ScreenState state(ConnectionState connection, Instant deadline, String title) {
        return screen(connection, deadline, SpawnMode.WORKTREE, URL, List.of(line(title)), 32, Reach.RELAY);
    }

    private static SessionLine line(String title) {
        return new SessionLine(title, OptionalInt.of(1), Activity.WAITING_FOR_PERMISSION, "Shell npm test", null);
    }

    private static ScreenState screen(
            ConnectionState connection,
            Instant deadline,
            SpawnMode mode,
            String url,
            List<SessionLine> sessions,
            int capacity,
            Reach reach) {
        return new ScreenState(
                "demo",
                Path.of("/work/app"),
                mode,
                "https://relay.example",
                connection,
                deadline,
                url,
                reach,
                false,
                sessions,
                capacity);
    }
}
