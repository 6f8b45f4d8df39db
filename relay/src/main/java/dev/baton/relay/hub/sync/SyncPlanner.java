package dev.baton.relay.hub.sync;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.SealedSnapshot;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.Sync;
import dev.baton.protocol.frame.SyncStatus;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.SessionRecord;
import java.util.List;

/**
 * Answers a {@code subscribe}: a cursor that continues the stored tail (same epoch, nothing between it
 * and the oldest event held) gets {@code ok} and the events after it; anything else gets {@code gap}, the
 * whole tail and the snapshot, from which the device rebuilds its view.
 */
public final class SyncPlanner {
    private final RelayStore store;

    public SyncPlanner(RelayStore store) {
        this.store = store;
    }

    /** @param online the host's presence, which overrides whatever the stored snapshot says */
    public Sync plan(SessionRecord session, Cursor cursor, boolean online) {
        SealedSnapshot snapshot = (session.snapshot() != null
                        ? session.snapshot()
                        : new SealedSnapshot(session.title(), false, List.of(), online))
                .withOnline(online);
        long first = store.firstStoredSeq(session.id());
        long oldestHeld = first == 0 ? session.storedSeq() + 1 : first;
        boolean continuous = cursor != null
                && session.epoch() != null
                && session.epoch().equals(cursor.epoch())
                && cursor.seq() <= session.storedSeq()
                && cursor.seq() + 1 >= oldestHeld;
        if (continuous) {
            List<SealedEvent> after = store.eventsAfter(session.id(), cursor.seq());
            return new Sync(SyncStatus.OK, session.epoch(), after, snapshot, online, false, session.key());
        }
        List<SealedEvent> tail = store.eventsAfter(session.id(), 0);
        return new Sync(SyncStatus.GAP, session.epoch(), tail, snapshot, online, oldestHeld > 1, session.key());
    }
}
