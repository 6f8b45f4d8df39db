package dev.baton.relay.work;

import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.relay.SpawnMode;
import dev.baton.protocol.relay.WorkKind;
import dev.baton.relay.auth.Secrets;
import dev.baton.relay.store.EnvironmentRecord;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.SessionRecord;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Asks a server-mode environment to host a session a device is looking at while nobody hosts it. Only
 * an environment that hosts many sessions attaches on demand; a single-session one runs its own.
 */
public final class AttachRequests {
    private final RelayStore store;
    private final WorkQueue work;
    private final EnvironmentCapacity capacity;

    public AttachRequests(RelayStore store, WorkQueue work, Predicate<String> hostOnline) {
        this.store = store;
        this.work = work;
        this.capacity = new EnvironmentCapacity(store, work, hostOnline);
    }

    /**
     * Queues {@code attach} work for the session's environment, if it has one that attaches.
     *
     * @return why the environment cannot take it (it runs all the sessions its capacity allows), for the
     *     device to show; empty when the work was queued or there is nobody to ask
     */
    public Optional<ProtocolException> request(SessionRecord session) {
        if (session.environmentId() == null) {
            return Optional.empty();
        }
        Optional<EnvironmentRecord> environment = store.environment(session.environmentId())
                .filter(found -> found.spawnMode() != SpawnMode.SINGLE_SESSION);
        if (environment.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProtocolException> refusal = capacity.refusal(environment.get(), session.id());
        if (refusal.isEmpty()) {
            work.offer(environment.get().id(), new PendingWork(Secrets.id("work_"), WorkKind.ATTACH, session.id()));
        }
        return refusal;
    }
}
