package dev.baton.server.session;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.EventErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed history of one session: the log on disk, the state folded from it and the
 * subscribers who hear of it. One lock orders commits against subscriptions, which is what makes
 * catch-up followed by live delivery free of gaps and overlaps.
 */
final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final String sessionId;
    private final String epoch;
    private final EventLog log;
    private final ReentrantLock lock = new ReentrantLock();
    private final SessionState state;
    private final Set<Subscriber> subscribers = new LinkedHashSet<>();
    /** Events that had to happen (work that ended) but could not be written; they go first next time. */
    private final List<EventDraft> deferred = new ArrayList<>();
    /** The first write failure since the last successful write, to be told once the disk works again. */
    private String unreportedFailure;

    private boolean closed;

    /** @param startName the name the session was started with, its title until an event gives another; may be null */
    Journal(String sessionId, String epoch, String startName, EventLog log) {
        this.sessionId = sessionId;
        this.epoch = epoch;
        this.log = log;
        this.state = new SessionState(startName);
        log.events().forEach(state::apply);
    }

    /**
     * Writes the drafts to disk, then folds them into the state, then hands them (and the snapshot, if
     * it changed) to every subscriber.
     *
     * @return the committed events, which may begin with earlier deferred ones
     * @throws LogWriteException when the disk refuses; nothing was committed
     */
    List<Event> commit(List<EventDraft> drafts) {
        return commit(drafts, false);
    }

    /** Like {@link #commit}, but if the write fails the drafts are kept and written before anything else. */
    void commitOrDefer(List<EventDraft> drafts) {
        try {
            commit(drafts, true);
        } catch (LogWriteException e) {
            LOG.warn("session {}: {} events will be written once the log accepts writes", sessionId, drafts.size());
        }
    }

    private List<Event> commit(List<EventDraft> drafts, boolean deferOnFailure) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("session " + sessionId + " is closed");
            }
            List<EventDraft> batch = new ArrayList<>(deferred.size() + drafts.size() + 1);
            if (unreportedFailure != null) {
                batch.add(EventDraft.unprompted(new EventBody.Error(
                        EventErrorCode.LOG_WRITE_FAILED.wire(),
                        "Baton could not write to this session's log (" + unreportedFailure
                                + "). Inputs sent while it failed were not applied; send them again.")));
            }
            batch.addAll(deferred);
            batch.addAll(drafts);
            List<Event> committed;
            try {
                committed = log.append(batch);
            } catch (LogWriteException e) {
                LOG.error("session {}: {}", sessionId, e.getMessage(), e);
                if (unreportedFailure == null) {
                    unreportedFailure = e.getMessage();
                }
                if (deferOnFailure) {
                    deferred.addAll(drafts);
                }
                throw e;
            }
            unreportedFailure = null;
            deferred.clear();
            publish(committed);
            return committed;
        } finally {
            lock.unlock();
        }
    }

    private void publish(List<Event> committed) {
        Snapshot before = state.snapshot();
        committed.forEach(state::apply);
        Snapshot after = state.snapshot();
        for (Subscriber subscriber : subscribers) {
            subscriber.events(committed);
            if (!after.equals(before)) {
                subscriber.snapshot(after);
            }
        }
    }

    /** Streams assistant text to the subscribers, in order with the events; never written. */
    void delta(String messageId, String text) {
        lock.lock();
        try {
            subscribers.forEach(subscriber -> subscriber.delta(messageId, text));
        } finally {
            lock.unlock();
        }
    }

    /** Catch-up from the log, then the current snapshot, then everything new. */
    Session.Subscription subscribe(long afterSeq, SessionListener listener) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("session " + sessionId + " is closed");
            }
            if (afterSeq < 0 || afterSeq > log.lastSeq()) {
                throw new IllegalArgumentException(
                        "afterSeq " + afterSeq + " is outside the log, which ends at seq " + log.lastSeq());
            }
            Subscriber subscriber = new Subscriber(listener, this::unsubscribe);
            List<Event> catchUp = eventsAfter(afterSeq);
            if (!catchUp.isEmpty()) {
                subscriber.events(catchUp);
            }
            subscriber.snapshot(state.snapshot());
            subscribers.add(subscriber);
            subscriber.start(sessionId);
            return subscriber;
        } finally {
            lock.unlock();
        }
    }

    private void unsubscribe(Subscriber subscriber) {
        lock.lock();
        try {
            subscribers.remove(subscriber);
        } finally {
            lock.unlock();
        }
    }

    List<Event> eventsAfter(long seq) {
        lock.lock();
        try {
            List<Event> events = log.events();
            return List.copyOf(events.subList(Math.clamp(seq, 0, events.size()), events.size()));
        } finally {
            lock.unlock();
        }
    }

    Cursor cursor() {
        lock.lock();
        try {
            return new Cursor(epoch, log.lastSeq());
        } finally {
            lock.unlock();
        }
    }

    /** Reads the state consistently with the log, for decisions and reports. */
    <T> T read(Function<SessionState, T> question) {
        lock.lock();
        try {
            return question.apply(state);
        } finally {
            lock.unlock();
        }
    }

    /** Lets subscribers finish what was committed, then closes the file. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            subscribers.forEach(Subscriber::end);
            subscribers.clear();
            log.close();
        } finally {
            lock.unlock();
        }
    }
}
