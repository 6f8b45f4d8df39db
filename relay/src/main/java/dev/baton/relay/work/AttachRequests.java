package dev.baton.relay.work;

import dev.baton.protocol.relay.SpawnMode;
import dev.baton.protocol.relay.WorkKind;
import dev.baton.relay.auth.Secrets;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.SessionRecord;

/**
 * Asks a server-mode environment to host a session a device is looking at while nobody hosts it. Only
 * an environment that hosts many sessions attaches on demand; a single-session one runs its own.
 */
public final class AttachRequests {
    private final RelayStore store;
    private final WorkQueue work;

    public AttachRequests(RelayStore store, WorkQueue work) {
        this.store = store;
        this.work = work;
    }

    /** Queues {@code attach} work for the session's environment, if it has one that attaches. */
    public void request(SessionRecord session) {
        if (session.environmentId() == null) {
            return;
        }
        store.environment(session.environmentId())
                .filter(environment -> environment.spawnMode() != SpawnMode.SINGLE_SESSION)
                .ifPresent(environment -> work.offer(
                        environment.id(), new PendingWork(Secrets.id("work_"), WorkKind.ATTACH, session.id())));
    }
}
