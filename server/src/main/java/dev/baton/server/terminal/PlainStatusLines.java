package dev.baton.server.terminal;

import dev.baton.server.e2ee.KeyMask;
import dev.baton.server.terminal.ScreenState.SessionLine;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The status for a pipe or a CI log: one plain line per change that matters (the relay connection, the
 * spawn mode, sessions coming and going, what a session is doing), never a redraw sequence and never the
 * same state twice. No keys: stopping is the host's signal handling.
 */
public final class PlainStatusLines implements StatusView {
    private final PrintStream out;

    // Guarded by this.
    private ScreenState last;
    private boolean closed;

    public PlainStatusLines(PrintStream out) {
        this.out = Objects.requireNonNull(out);
    }

    @Override
    public synchronized void show(ScreenState state) {
        if (closed) {
            return;
        }
        for (String line : changes(last, state)) {
            out.println(line);
        }
        out.flush();
        last = state;
    }

    @Override
    public synchronized void notice(String text) {
        if (!closed) {
            out.println(text);
            out.flush();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        out.flush();
    }

    /** The lines that say how {@code next} differs from {@code previous} (null before the first state). */
    static List<String> changes(ScreenState previous, ScreenState next) {
        List<String> lines = new ArrayList<>();
        if (previous == null
                || !previous.environmentName().equals(next.environmentName())
                || !previous.directory().equals(next.directory())) {
            lines.add("Remote Control: %s in %s, sandbox %s"
                    .formatted(next.environmentName(), next.directory(), next.sandboxed() ? "on" : "off"));
        }
        if (previous == null || !Objects.equals(previous.sessionUrl(), next.sessionUrl())) {
            // A pipe or a CI log keeps what it is given: the key stays in the QR code and the --json line.
            lines.add("Session URL: " + KeyMask.mask(next.sessionUrl()));
        }
        if (previous == null || previous.reach() != next.reach()) {
            // Said once per change of reach, not with every line: the advice does not change in between.
            lines.addAll(StatusText.reachHint(next.reach()));
        }
        if (previous == null || previous.spawnMode() != next.spawnMode()) {
            lines.add("Spawn mode: " + next.spawnMode().flag());
        }
        if (previous != null && previous.sandboxed() != next.sandboxed()) {
            lines.add("Sandbox: " + (next.sandboxed() ? "on" : "off"));
        }
        if (previous == null
                || previous.connection() != next.connection()
                || !previous.relayUrl().equals(next.relayUrl())
                || !Objects.equals(previous.offlineDeadline(), next.offlineDeadline())) {
            lines.add(connection(next));
        }
        sessions(lines, previous == null ? List.of() : previous.sessions(), next.sessions());
        return lines;
    }

    private static String connection(ScreenState state) {
        String line = "Relay %s: %s"
                .formatted(state.relayUrl(), state.connection().name().toLowerCase(Locale.ROOT));
        // A pipe gets the deadline once, as a time, instead of a countdown every second.
        return state.offlineDeadline() == null ? line : line + ", Remote Control ends at " + state.offlineDeadline();
    }

    private static void sessions(List<String> lines, List<SessionLine> before, List<SessionLine> after) {
        Map<String, SessionLine> old = byKey(before);
        Map<String, SessionLine> now = byKey(after);
        old.forEach((key, session) -> {
            if (!now.containsKey(key)) {
                lines.add("Session ended: " + session.title());
            }
        });
        now.forEach((key, session) -> {
            SessionLine was = old.get(key);
            if (was == null) {
                lines.add("Session added: " + describe(session));
            } else if (!was.equals(session)) {
                lines.add("Session " + describe(session));
            }
        });
    }

    private static String describe(SessionLine session) {
        String devices = StatusText.devices(session.devices());
        String line = devices.isEmpty()
                ? "%s: %s".formatted(session.title(), StatusText.activity(session))
                : "%s (%s): %s".formatted(session.title(), devices, StatusText.activity(session));
        return session.worktree() == null ? line : line + ", worktree " + session.worktree();
    }

    /**
     * Sessions have no identity on the screen but their title, so two with the same title are told apart by
     * their order, which is oldest first.
     */
    private static Map<String, SessionLine> byKey(List<SessionLine> sessions) {
        Map<String, SessionLine> keyed = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (SessionLine session : sessions) {
            int n = seen.merge(session.title(), 1, Integer::sum);
            keyed.put(session.title() + "\u0000" + n, session);
        }
        return keyed;
    }
}
