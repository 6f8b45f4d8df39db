package dev.baton.relay.work;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.relay.store.EnvironmentRecord;
import dev.baton.relay.store.RelayStore;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * How many sessions a server-mode environment runs against the {@code --capacity} it registered with: its
 * sessions whose host is online, and those asked for (spawned or opened) whose host has not connected
 * yet. A spawn and an attach past it are refused with the same words.
 */
public final class EnvironmentCapacity {
    private final RelayStore store;
    private final WorkQueue work;
    private final Predicate<String> hostOnline;

    public EnvironmentCapacity(RelayStore store, WorkQueue work, Predicate<String> hostOnline) {
        this.store = store;
        this.work = work;
        this.hostOnline = hostOnline;
    }

    /** Why one more session would pass the capacity, or empty when it fits. */
    public Optional<ProtocolException> refusal(EnvironmentRecord environment) {
        return refusal(environment, null);
    }

    /**
     * Why hosting {@code sessionId} would pass the capacity, or empty when it fits: a session already
     * asked for and not hosted yet holds its place (a device opening it again is not one more).
     */
    public Optional<ProtocolException> refusal(EnvironmentRecord environment, String sessionId) {
        Set<String> asked = work.pendingSessions(environment.id(), hostOnline);
        if (sessionId != null && asked.contains(sessionId)) {
            return Optional.empty();
        }
        long busy = store.sessionsOf(environment.accountId()).stream()
                        .filter(session -> environment.id().equals(session.environmentId()))
                        .filter(session -> hostOnline.test(session.id()))
                        .count()
                + asked.size();
        if (busy < environment.capacity()) {
            return Optional.empty();
        }
        return Optional.of(new ProtocolException(
                ErrorCode.CAPACITY_REACHED,
                "this environment already runs " + busy + " of its " + environment.capacity()
                        + " sessions; to allow more, restart its baton remote-control with a higher --capacity"));
    }
}
