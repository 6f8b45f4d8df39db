package dev.baton.relay.hub.presence;

import dev.baton.protocol.frame.Frames.Presence;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each session's host is online, and since when. The instant outlives the host's stream so that
 * a session list can say "offline since …"; it holds one entry per session hosted since the relay started.
 */
public final class HostPresence {
    private record State(boolean online, Instant since) {}

    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public HostPresence(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records the session's presence; returns the frame its devices must hear, or nothing when it did not
     * change. Called under the session's route lock.
     */
    public Optional<Presence> set(String sessionId, boolean online) {
        if (isOnline(sessionId) == online) {
            return Optional.empty();
        }
        State changed = new State(online, clock.instant());
        states.put(sessionId, changed);
        return Optional.of(new Presence(online, changed.since()));
    }

    public boolean isOnline(String sessionId) {
        State state = states.get(sessionId);
        return state != null && state.online();
    }

    /** When the session's presence last changed, if it has since this relay started. */
    public Optional<Instant> since(String sessionId) {
        return Optional.ofNullable(states.get(sessionId)).map(State::since);
    }
}
