package dev.baton.server.terminal;

import dev.baton.protocol.editor.ConnectionState;
import dev.baton.server.terminal.ScreenState.Activity;
import dev.baton.server.terminal.ScreenState.Reach;
import dev.baton.server.terminal.ScreenState.SessionLine;
import dev.baton.server.terminal.ScreenState.SpawnMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in host for the tmux tests: opens the real screen on its own terminal with a fixed state, answers
 * {@code w} by switching the spawn mode (and showing the new state, as the host does), and exits 0 after
 * {@code q} or Ctrl-C. Its one optional argument is the session URL. It writes its pid to {@code demo.pid} in the working directory, for tests that signal it.
 */
public final class TerminalScreenDemo {
    static final String LONG_TITLE = "a session title far too long for any terminal ".repeat(4) + "END";
    static final String URL = "http://127.0.0.1:8123/s/3f9c2a7e-0b1d-4c55-9a4e-2f6d8e1b7c90#pairing-code-XK42";
    static final String TOGGLED = "Spawn mode is now worktree: new sessions get their own worktree.";

    private TerminalScreenDemo() {}

    public static void main(String[] args) throws InterruptedException, IOException {
        Files.writeString(
                Path.of("demo.pid"), Long.toString(ProcessHandle.current().pid()));
        Clock clock = Clock.systemUTC();
        AtomicReference<ScreenState> state = new AtomicReference<>(new ScreenState(
                "demo",
                Path.of("/home/someone/projects/app"),
                SpawnMode.SAME_DIR,
                "http://127.0.0.1:8123",
                ConnectionState.RECONNECTING,
                clock.instant().plus(Duration.ofMinutes(5)),
                args.length > 0 ? args[0] : URL,
                Reach.THIS_MACHINE,
                true,
                List.of(
                        new SessionLine(
                                "fix the login bug", OptionalInt.of(1), Activity.WORKING, "Edit src/app.ts", null),
                        new SessionLine(LONG_TITLE, OptionalInt.of(0), Activity.IDLE, null, null)),
                32));
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<StatusView> view = new AtomicReference<>();
        StatusView.Actions actions = new StatusView.Actions() {
            @Override
            public String toggleSpawnMode() {
                ScreenState before = state.get();
                ScreenState after = new ScreenState(
                        before.environmentName(),
                        before.directory(),
                        SpawnMode.WORKTREE,
                        before.relayUrl(),
                        before.connection(),
                        before.offlineDeadline(),
                        before.sessionUrl(),
                        before.reach(),
                        before.sandboxed(),
                        before.sessions(),
                        before.capacity());
                state.set(after);
                view.get().show(after);
                return TOGGLED;
            }

            @Override
            public void stop() {
                stopped.countDown();
            }
        };
        StatusView screen = StatusViews.open(actions, System.out);
        if (!(screen instanceof TerminalScreen)) {
            System.err.println("not a terminal");
            System.exit(3);
        }
        view.set(screen);
        screen.show(state.get());
        stopped.await();
        screen.close();
        System.exit(0);
    }
}
