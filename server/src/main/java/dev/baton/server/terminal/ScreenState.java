package dev.baton.server.terminal;

import dev.baton.protocol.editor.ConnectionState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Everything the server-mode status screen shows, as one immutable value: the host builds a new one
 * whenever something changes and hands it to a {@link StatusView}, which decides how to draw it.
 *
 * @param environmentName the environment's (and first session's) name
 * @param directory the directory the environment serves
 * @param spawnMode how on-demand sessions are made
 * @param relayUrl the relay's public base URL
 * @param connection the relay connection's state
 * @param offlineDeadline when the offline limit ends Remote Control; null unless offline or reconnecting
 * @param sessionUrl the first session's URL with its pairing code in the fragment
 * @param reach who can open {@code sessionUrl}
 * @param sandboxed whether shell commands and MCP servers run in the sandbox
 * @param sessions one line per hosted session, oldest first
 * @param capacity how many sessions may run at once, the first one included; a device's "New session" is
 *     refused at that many
 */
public record ScreenState(
        String environmentName,
        Path directory,
        SpawnMode spawnMode,
        String relayUrl,
        ConnectionState connection,
        Instant offlineDeadline,
        String sessionUrl,
        Reach reach,
        boolean sandboxed,
        List<SessionLine> sessions,
        int capacity) {
    public ScreenState {
        Objects.requireNonNull(environmentName);
        Objects.requireNonNull(directory);
        Objects.requireNonNull(spawnMode);
        Objects.requireNonNull(relayUrl);
        Objects.requireNonNull(connection);
        Objects.requireNonNull(reach);
        sessions = List.copyOf(sessions);
    }

    /** How server mode makes the sessions that devices ask for. */
    public enum SpawnMode {
        /** Every session works in the environment's directory. */
        SAME_DIR("same-dir"),
        /** Each on-demand session gets its own git worktree and branch. */
        WORKTREE("worktree"),
        /** One session only; spawn requests are refused. */
        SESSION("session");

        private final String flag;

        SpawnMode(String flag) {
            this.flag = flag;
        }

        /** The spelling of {@code --spawn}. */
        public String flag() {
            return flag;
        }
    }

    /** Who can open the session URL, which decides the warning or hint the screen gives. */
    public enum Reach {
        /** An embedded relay on loopback: only this machine. */
        THIS_MACHINE,
        /** An embedded relay bound beyond loopback: anyone on that network who holds the pairing code. */
        LOCAL_NETWORK,
        /** A relay named with --relay, BATON_RELAY_URL or config.json. */
        RELAY
    }

    /** What a session is doing now. */
    public enum Activity {
        IDLE,
        WORKING,
        WAITING_FOR_PERMISSION
    }

    /**
     * One hosted session.
     *
     * @param title the session's title
     * @param devices how many distinct devices have it open now; empty when unknown (not connected to the
     *     relay, or a relay that does not say), which the screen shows as no count at all rather than a
     *     false "0 devices"
     * @param activity what it is doing
     * @param tool the current tool activity, such as {@code Edit src/app.ts} or {@code Shell npm test}; null when none
     * @param worktree the session's own worktree; null when it works in the environment's directory
     */
    public record SessionLine(String title, OptionalInt devices, Activity activity, String tool, Path worktree) {
        public SessionLine {
            Objects.requireNonNull(title);
            Objects.requireNonNull(devices);
            Objects.requireNonNull(activity);
        }
    }
}
