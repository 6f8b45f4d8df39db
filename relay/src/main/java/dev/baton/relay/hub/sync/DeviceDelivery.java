package dev.baton.relay.hub.sync;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.EventsFrame;
import dev.baton.protocol.frame.Frames.Sync;
import dev.baton.protocol.frame.SyncStatus;
import dev.baton.relay.hub.EncodedFrame;
import dev.baton.relay.hub.Peer;
import dev.baton.relay.hub.SessionBus.Batch;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.SessionRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands events to subscribed device streams with no gap and no duplicate, whichever way they come (this
 * node's host, another node's batch, a host arriving here), by keeping each stream's mark: the newest
 * event it holds. A join (another node's batch, a host arriving) then has no duplicate, and a device that
 * resumed ahead of a tail lost in a crash is not sent those events again. Callers hold the session's
 * route lock, so the store and the marks see one order.
 */
public final class DeviceDelivery {
    private final RelayStore store;
    private final SyncPlanner syncs;
    private final Map<Peer, Mark> marks = new ConcurrentHashMap<>();

    public DeviceDelivery(RelayStore store, SyncPlanner syncs) {
        this.store = store;
        this.syncs = syncs;
    }

    /** A device was sent {@code sync} for {@code cursor}: from now on it holds what that sync brought. */
    public void synced(Peer device, Sync sync, Cursor cursor, SessionRecord session) {
        marks.put(device, Mark.after(sync, cursor, session));
    }

    /** The stream is gone. */
    public void forget(Peer device) {
        marks.remove(device);
    }

    /**
     * Fans a host's fresh events out, in one frame joined from their text for every device whose mark is
     * behind them; a device that resumed ahead of a tail the relay lost in a crash already holds some, and
     * gets only the rest.
     */
    public void fresh(Collection<Peer> devices, String epoch, List<EncodedEvent> fresh) {
        Mark sent = new Mark(epoch, fresh.getLast().seq());
        EncodedFrame whole = null;
        for (Peer device : devices) {
            Mark held = marks.get(device);
            if (held != null
                    && sent.epoch().equals(held.epoch())
                    && held.seq() >= fresh.getFirst().seq()) {
                List<EncodedEvent> missing =
                        fresh.stream().filter(event -> event.seq() > held.seq()).toList();
                if (!missing.isEmpty()) {
                    device.send(EncodedFrame.events(missing));
                    marks.put(device, sent);
                }
                continue;
            }
            if (whole == null) {
                whole = EncodedFrame.events(fresh);
            }
            device.send(whole);
            marks.replace(device, sent);
        }
    }

    /**
     * A batch another node committed: each device here gets the events it lacks, so one that joined while
     * the batch was on its way (and read it from the tail) gets no duplicate.
     */
    public void fromOtherNode(Collection<Peer> devices, Batch batch) {
        for (Peer device : devices) {
            Mark mark = marks.get(device);
            if (mark == null) {
                continue;
            }
            List<SealedEvent> missing = batch.events().stream()
                    .filter(event -> !batch.epoch().equals(mark.epoch()) || event.seq() > mark.seq())
                    .toList();
            if (missing.isEmpty()) {
                continue;
            }
            // A batch published before this one was lost (its node died between commit and publish,
            // or Redis was away): the tail has it, and the device must not see a hole.
            long first = missing.getFirst().seq();
            if (batch.epoch().equals(mark.epoch()) && first > mark.seq() + 1) {
                List<SealedEvent> skipped = store.eventsAfter(batch.sessionId(), mark.seq()).stream()
                        .filter(event -> event.seq() < first)
                        .toList();
                if (!skipped.isEmpty()) {
                    device.send(new EventsFrame(skipped));
                }
            }
            device.send(new EventsFrame(missing));
            marks.put(device, new Mark(batch.epoch(), missing.getLast().seq()));
        }
    }

    /**
     * The host has just come to this node: devices here that followed it on another node may lack the
     * last batches it committed there (that node died before it published them). They get them from the
     * tail now, before any event the host sends here. Only events the session record counts as stored:
     * the host resends anything after that, and those reach the devices as they are committed again.
     *
     * <p>A device synced with another epoch (or with none: it subscribed before any host said hello) could
     * not open what this host sends, since each event's associated data names its epoch; it gets a fresh
     * {@code sync} (a {@code gap} with this epoch's tail and the session's key), as if it had subscribed now.
     */
    public void hostArrived(Collection<Peer> devices, SessionRecord session) {
        for (Peer device : devices) {
            Mark mark = marks.get(device);
            if (mark != null && !Objects.equals(mark.epoch(), session.epoch())) {
                Sync sync = syncs.plan(session, null, true);
                device.send(sync);
                marks.put(device, Mark.after(sync, null, session));
                continue;
            }
            if (mark == null || mark.seq() >= session.storedSeq()) {
                continue;
            }
            List<SealedEvent> missed = store.eventsAfter(session.id(), mark.seq()).stream()
                    .filter(event -> event.seq() <= session.storedSeq())
                    .toList();
            if (!missed.isEmpty()) {
                device.send(new EventsFrame(missed));
                marks.put(device, new Mark(session.epoch(), missed.getLast().seq()));
            }
        }
    }

    /** The newest event of an epoch a device stream holds. */
    private record Mark(String epoch, long seq) {
        static Mark after(Sync sync, Cursor cursor, SessionRecord session) {
            if (!sync.events().isEmpty()) {
                return new Mark(sync.epoch(), sync.events().getLast().seq());
            }
            boolean fromCursor = sync.status() == SyncStatus.OK && cursor != null;
            return new Mark(sync.epoch(), fromCursor ? cursor.seq() : session.storedSeq());
        }
    }
}
