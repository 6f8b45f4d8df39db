package dev.baton.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.editor.ConnectionState;
import dev.baton.server.terminal.ScreenState.Activity;
import dev.baton.server.terminal.ScreenState.Reach;
import dev.baton.server.terminal.ScreenState.SessionLine;
import dev.baton.server.terminal.ScreenState.SpawnMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PlainStatusLinesTest {
    private static final SessionLine LOGIN = new SessionLine("fix login", OptionalInt.of(1), Activity.IDLE, null, null);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PlainStatusLines view = new PlainStatusLines(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @Test
    void theFirstStateSaysEverythingOnceInPlainLines() {
        view.show(state(ConnectionState.ONLINE, null, Reach.RELAY, List.of(LOGIN)));

        assertThat(printed())
                .containsExactly(
                        "Remote Control: demo in /work/app, sandbox on",
                        "Session URL: https://relay.example/s/1#pair=code&key=…",
                        "Spawn mode: same-dir",
                        "Relay https://relay.example: online",
                        "Session added: fix login (1 device): idle");
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .doesNotContain("\u001b")
                .as("a pipe or CI log never gets the content key")
                .doesNotContain("c2VjcmV0LWNvbnRlbnQta2V5");
    }

    @Test
    void anUnchangedStatePrintsNothing() {
        ScreenState state = state(ConnectionState.ONLINE, null, Reach.RELAY, List.of(LOGIN));
        view.show(state);
        int before = printed().size();

        view.show(state);
        view.show(state(ConnectionState.ONLINE, null, Reach.RELAY, List.of(LOGIN)));

        assertThat(printed()).hasSize(before);
    }

    @Test
    void eachChangeIsOneLine() {
        view.show(state(ConnectionState.ONLINE, null, Reach.RELAY, List.of(LOGIN)));
        int start = printed().size();
        Instant deadline = Instant.parse("2026-12-04T05:00:00Z");

        view.show(state(ConnectionState.RECONNECTING, deadline, Reach.RELAY, List.of(LOGIN)));
        SessionLine editing =
                new SessionLine("fix login", OptionalInt.of(2), Activity.WORKING, "Edit src/app.ts", null);
        view.show(state(ConnectionState.RECONNECTING, deadline, Reach.RELAY, List.of(editing)));
        SessionLine docs =
                new SessionLine("docs", OptionalInt.of(0), Activity.IDLE, null, Path.of("/work/app-wt/docs"));
        view.show(state(ConnectionState.RECONNECTING, deadline, Reach.RELAY, List.of(editing, docs)));
        view.show(state(ConnectionState.ONLINE, null, Reach.RELAY, List.of(docs)));

        assertThat(printed().subList(start, printed().size()))
                .containsExactly(
                        "Relay https://relay.example: reconnecting, Remote Control ends at 2026-12-04T05:00:00Z",
                        "Session fix login (2 devices): working · Edit src/app.ts",
                        "Session added: docs (0 devices): idle, worktree /work/app-wt/docs",
                        "Relay https://relay.example: online",
                        "Session ended: fix login");
    }

    @Test
    void anUnknownDeviceCountIsLeftOutAndALearnedOneIsAChange() {
        SessionLine unknown = new SessionLine("fix login", OptionalInt.empty(), Activity.IDLE, null, null);
        view.show(state(ConnectionState.ONLINE, null, Reach.RELAY, List.of(unknown)));
        assertThat(printed().getLast()).isEqualTo("Session added: fix login: idle");

        view.show(state(ConnectionState.ONLINE, null, Reach.RELAY, List.of(LOGIN)));
        assertThat(printed().getLast()).isEqualTo("Session fix login (1 device): idle");

        view.show(state(ConnectionState.ONLINE, null, Reach.RELAY, List.of(unknown)));
        assertThat(printed().getLast()).isEqualTo("Session fix login: idle");
    }

    @Test
    void theLocalNetworkWarningIsGivenOnce() {
        view.show(state(ConnectionState.ONLINE, null, Reach.LOCAL_NETWORK, List.of()));
        view.show(state(ConnectionState.RECONNECTING, null, Reach.LOCAL_NETWORK, List.of()));
        view.show(state(ConnectionState.ONLINE, null, Reach.LOCAL_NETWORK, List.of(LOGIN)));

        assertThat(printed().stream().filter(line -> line.contains("holds the pairing code can join")))
                .hasSize(1);
        assertThat(printed()).contains("For other networks, run a standalone relay with TLS and use --relay <url>.");
    }

    @Test
    void thisMachineOnlyNamesBothWaysToReachAPhone() {
        view.show(state(ConnectionState.ONLINE, null, Reach.THIS_MACHINE, List.of()));

        assertThat(String.join("\n", printed()))
                .contains("Only this machine can open this URL")
                .contains("--bind 0.0.0.0")
                .contains("--relay <url>");
    }

    @Test
    void sessionsWithTheSameTitleAreToldApartByOrder() {
        SessionLine second = new SessionLine("fix login", OptionalInt.of(0), Activity.IDLE, null, null);
        view.show(state(ConnectionState.ONLINE, null, Reach.RELAY, List.of(LOGIN)));

        view.show(state(ConnectionState.ONLINE, null, Reach.RELAY, List.of(LOGIN, second)));

        assertThat(printed().getLast()).isEqualTo("Session added: fix login (0 devices): idle");
    }

    @Test
    void aNoticeIsALine() {
        view.notice("Session \"docs\" could not start: the worktree exists.");

        assertThat(printed()).containsExactly("Session \"docs\" could not start: the worktree exists.");
    }

    @Test
    void aClosedViewPrintsNothingMore() {
        view.close();

        view.show(state(ConnectionState.ONLINE, null, Reach.RELAY, List.of(LOGIN)));
        view.notice("late");

        assertThat(printed()).isEmpty();
    }

    private List<String> printed() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split(System.lineSeparator()));
    }

    private static ScreenState state(
            ConnectionState connection, Instant deadline, Reach reach, List<SessionLine> sessions) {
        return new ScreenState(
                "demo",
                Path.of("/work/app"),
                SpawnMode.SAME_DIR,
                "https://relay.example",
                connection,
                deadline,
                "https://relay.example/s/1#pair=code&key=c2VjcmV0LWNvbnRlbnQta2V5",
                reach,
                true,
                sessions,
                32);
    }
}
