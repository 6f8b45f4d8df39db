package dev.baton.relay.work;

import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.ProtocolException;
import dev.baton.relay.store.EnvironmentRecord;
import dev.baton.relay.store.RelayStore;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How many sessions a server-mode environment runs against the {@code --capacity} it registered with: its
 * sessions whose host is online, and those asked for whose host has not connected yet. A spawn and an
 * attach past it are refused with the same words.
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
        long busy = store.sessionsOf(environment.accountId()).stream()
                        .filter(session -> environment.id().equals(session.environmentId()))
                        .filter(session -> hostOnline.test(session.id()))
                        .count()
                + work.pendingCreates(environment.id(), hostOnline);
        if (busy < environment.capacity()) {
            return Optional.empty();
        }
        return Optional.of(new ProtocolException(
                ErrorCode.CAPACITY_REACHED,
                "this environment already runs " + busy + " of its " + environment.capacity()
                        + " sessions; to allow more, restart its baton remote-control with a higher --capacity"));
    }
}
