package dev.baton.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.editor.ConnectionState;
import dev.baton.server.terminal.ScreenState.Activity;
import dev.baton.server.terminal.ScreenState.Reach;
import dev.baton.server.terminal.ScreenState.SessionLine;
import dev.baton.server.terminal.ScreenState.SpawnMode;
import dev.baton.server.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The screen on JLine's own terminal over pipes: what it writes and what its keys do, without a pty. */
class TerminalScreenTest {
    private static final Instant NOW = Instant.parse("2026-12-04T04:00:00Z");

    private final PipedOutputStream keyboard = new PipedOutputStream();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final AtomicInteger toggles = new AtomicInteger();
    private final AtomicInteger stops = new AtomicInteger();
    private TerminalScreen screen;

    @BeforeEach
    void open() throws IOException {
        // Not TerminalBuilder: it would open a real pty and copy the output on a thread of its own.
        Terminal terminal =
                new ExternalTerminal("test", "xterm", new PipedInputStream(keyboard), written, StandardCharsets.UTF_8);
        terminal.setSize(new Size(100, 40));
        StatusView.Actions actions = new StatusView.Actions() {
            @Override
            public String toggleSpawnMode() {
                toggles.incrementAndGet();
                return "No worktrees here: this directory is not a git repository.";
            }

            @Override
            public void stop() {
                stops.incrementAndGet();
            }
        };
        screen = TerminalScreen.open(terminal, actions, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        screen.close();
    }

    @Test
    void drawsTheStateOnTheAlternateScreen() {
        screen.show(state(null));

        assertThat(output()).contains("\u001b[?1049h");
        assertThat(text())
                .contains("Baton Remote Control · demo")
                .contains("Edit src/app.ts")
                .contains("Warning: anyone who can reach this address and holds the pairing code can join.");
    }

    @Test
    void drawsTheDeviceCount() {
        screen.show(withDevices(OptionalInt.of(2)));

        assertThat(text()).contains("fix login  2 devices  working");
    }

    @Test
    void drawsNoDeviceCountWhenItIsUnknown() {
        screen.show(withDevices(OptionalInt.empty()));

        assertThat(text()).contains("fix login  working").doesNotContain("device");
    }

    @Test
    void showsTheTimeLeftBeforeTheOfflineLimit() {
        screen.show(state(NOW.plusSeconds(125)));

        assertThat(text()).contains("offline · Remote Control ends in 2:05");
    }

    @Test
    void wAsksForTheToggleAndShowsItsAnswer() throws IOException {
        screen.show(state(null));

        type("w");

        Await.until("the toggle's answer", () -> text().contains("No worktrees here"));
        assertThat(toggles).hasValue(1);
        assertThat(stops).hasValue(0);
    }

    @Test
    void aHostNoticeIsShownOnTheScreen() {
        screen.show(state(null));

        screen.notice("Session \"docs\" could not start: the worktree exists.");

        assertThat(text()).contains("Session \"docs\" could not start: the worktree exists.");
    }

    @Test
    void qAndCtrlCAskToStop() throws IOException {
        screen.show(state(null));

        type("q");
        Await.until("q to stop", () -> stops.get() == 1);
        type("\u0003");
        Await.until("Ctrl-C to stop", () -> stops.get() == 2);
        assertThat(toggles).hasValue(0);
    }

    @Test
    void closeLeavesTheAlternateScreenAndIgnoresLaterStates() {
        screen.show(state(null));

        screen.close();
        int length = output().length();
        screen.show(state(NOW.plusSeconds(60)));

        assertThat(output()).contains("\u001b[?1049l");
        assertThat(output()).hasSize(length);
    }

    private void type(String keys) throws IOException {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    private String output() {
        return written.toString(StandardCharsets.UTF_8);
    }

    /** The output without its escape sequences: colours split words. */
    private String text() {
        return AttributedString.stripAnsi(output());
    }

    private static ScreenState withDevices(OptionalInt devices) {
        ScreenState state = state(null);
        return new ScreenState(
                state.environmentName(),
                state.directory(),
                state.spawnMode(),
                state.relayUrl(),
                state.connection(),
                state.offlineDeadline(),
                state.sessionUrl(),
                state.reach(),
                state.sandboxed(),
                List.of(new SessionLine("fix login", devices, Activity.WORKING, "Edit src/app.ts", null)),
                32);
    }

    private static ScreenState state(Instant offlineDeadline) {
        return new ScreenState(
                "demo",
                Path.of("/work/app"),
                SpawnMode.SAME_DIR,
                "http://192.168.1.20:8123",
                offlineDeadline == null ? ConnectionState.ONLINE : ConnectionState.OFFLINE,
                offlineDeadline,
                "http://192.168.1.20:8123/s/1#code",
                Reach.LOCAL_NETWORK,
                false,
                List.of(new SessionLine("fix login", OptionalInt.of(1), Activity.WORKING, "Edit src/app.ts", null)),
                32);
    }
}
