package dev.baton.relay.hub.persistence;

import dev.baton.protocol.SealedSnapshot;
import dev.baton.protocol.SessionKey;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.frame.Frames.InputFrame;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.SessionRecord;
import dev.baton.relay.store.StaleEpochException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the relay writes for a session: the tail of events a host sends, its snapshot, and the inputs
 * not yet answered by a committed event. {@link #write} writes without waiting for the disk; the
 * caller acknowledges through {@link #whenDurable}. A relay that crashes before that forgets the
 * events and the record of them together, so it welcomes the host back with what it kept and the host
 * resends the rest. Callers hold the session's lock, which keeps one writer per session.
 */
public final class SessionLog {
    /** How many undelivered inputs a session may hold before the relay refuses more. */
    public static final int MAX_KEPT_INPUTS = 1000;

    private final RelayStore store;

    public SessionLog(RelayStore store) {
        this.store = store;
    }

    /**
     * @param fresh the events that continue the tail, in order (possibly none), with the text they are stored as
     * @param session the record after them
     * @param hole why the batch stopped early (a seq that does not follow), or null
     */
    public record Appended(SessionRecord session, List<EncodedEvent> fresh, String hole) {}

    /** What {@link #keep} did with an input. */
    public enum Kept {
        KEPT,
        /** Already held under the same inputId: a device's retry. */
        ALREADY_HELD,
        /** The session holds {@link #MAX_KEPT_INPUTS}; the input was refused. */
        FULL
    }

    public SessionRecord session(String id) {
        return store.session(id).orElseThrow(() -> new IllegalStateException("stream for unknown session " + id));
    }

    /**
     * A host said hello: a log with another epoch than the stored tail's is a history the relay has never
     * seen, so whatever it held is dropped; the snapshot, if sent, is kept, and so is the session's key.
     *
     * @throws StaleEpochException when a hello on another relay node started another epoch since the
     *     record was read, so this hello's record of the epoch it read is refused
     */
    public SessionRecord hello(String sessionId, String epoch, SealedSnapshot snapshot, SessionKey key) {
        SessionRecord known = session(sessionId).withKey(key);
        SessionRecord session = snapshot == null ? known : known.withSnapshot(snapshot);
        if (epoch.equals(known.epoch())) {
            store.putSession(session);
            return session;
        }
        SessionRecord restarted = session.withEpoch(epoch);
        store.startEpoch(restarted);
        return restarted;
    }

    /**
     * The events that continue the tail (those already held are skipped: a host resends after a
     * reconnect) and the record after them; nothing is written yet, so the caller can hand them to
     * devices before {@link #write} (which may wait for the store's commit) and without waiting for it.
     *
     * @param epoch the epoch of the host connection that sent them (its {@code hello}'s)
     * @throws StaleEpochException when the session has moved on to another epoch since that hello (a host
     *     on another relay node said hello with a new one)
     */
    public Appended continuing(String sessionId, String epoch, List<EncodedEvent> events) {
        SessionRecord session = ofEpoch(sessionId, epoch);
        long stored = session.storedSeq();
        List<EncodedEvent> fresh = new ArrayList<>();
        String hole = null;
        for (EncodedEvent event : events) {
            if (event.seq() <= stored) {
                continue;
            }
            if (event.seq() != stored + 1) {
                hole = "expected seq " + (stored + 1) + ", got " + event.seq() + "; resend from " + (stored + 1);
                break;
            }
            fresh.add(event);
            stored = event.seq();
        }
        if (fresh.isEmpty()) {
            return new Appended(session, fresh, hole);
        }
        return new Appended(
                session.withStoredSeq(stored, fresh.getLast().event().ts()), fresh, hole);
    }

    /**
     * Stores what {@link #continuing} found and drops the inputs it answers, in one {@link RelayStore#atomically} write.
     *
     * @throws StaleEpochException when the tail moved on to another epoch since {@link #continuing} read
     *     the record; nothing was written then
     */
    public void write(Appended appended) {
        if (appended.fresh().isEmpty()) {
            return;
        }
        SessionRecord updated = appended.session();
        // A loop, not a stream: this runs for every events frame, and most frames answer no input.
        List<String> answered = new ArrayList<>(0);
        for (EncodedEvent event : appended.fresh()) {
            String inputId = event.event().inputId();
            if (inputId != null) {
                answered.add(inputId);
            }
        }
        store.atomically(() -> {
            store.appendEvents(updated.id(), updated.epoch(), appended.fresh());
            if (!answered.isEmpty()) {
                store.dropInputs(updated.id(), answered);
            }
            store.putSession(updated);
        });
    }

    /** Runs {@code then} once everything written so far survives a crash of the relay. */
    public void whenDurable(Runnable then) {
        store.whenDurable(then);
    }

    /**
     * Stored for the next {@code sync}.
     *
     * @param epoch the epoch of the host connection that sent it
     * @throws StaleEpochException when the session has left that epoch; nothing was written
     */
    public void snapshot(String sessionId, String epoch, SealedSnapshot snapshot) {
        store.putSession(ofEpoch(sessionId, epoch).withSnapshot(snapshot));
    }

    /**
     * The session's data key, wrapped under a new content key: what {@code sync} hands out from now on.
     *
     * @param epoch the epoch of the host connection that sent it
     * @throws StaleEpochException when the session has left that epoch; nothing was written
     */
    public void key(String sessionId, String epoch, SessionKey key) {
        store.putSession(ofEpoch(sessionId, epoch).withKey(key));
    }

    /** The session's record, if it is still {@code epoch}'s. */
    private SessionRecord ofEpoch(String sessionId, String epoch) {
        SessionRecord session = session(sessionId);
        if (!epoch.equals(session.epoch())) {
            throw new StaleEpochException(sessionId, epoch);
        }
        return session;
    }

    /** Inputs accepted and not yet answered, in arrival order: what a new host must be sent. */
    public List<InputFrame> keptInputs(String sessionId) {
        return store.keptInputs(sessionId);
    }

    /** Keeps an input until a committed event answers it. */
    public Kept keep(String sessionId, InputFrame input) {
        List<InputFrame> kept = store.keptInputs(sessionId);
        if (kept.stream().anyMatch(held -> held.inputId().equals(input.inputId()))) {
            return Kept.ALREADY_HELD;
        }
        if (kept.size() >= MAX_KEPT_INPUTS) {
            return Kept.FULL;
        }
        store.keepInput(sessionId, input);
        return Kept.KEPT;
    }
}
