package dev.baton.server.session;

import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's delivery queue and the virtual thread that drains it, so a slow listener delays only
 * itself and never the session that commits.
 */
final class Subscriber implements Session.Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriber.class);

    private sealed interface Delivery {}

    private record Events(List<Event> events) implements Delivery {}

    private record SnapshotChanged(Snapshot snapshot) implements Delivery {}

    private record Delta(String messageId, String text) implements Delivery {}

    private record End() implements Delivery {}

    private final SessionListener listener;
    private final Consumer<Subscriber> onClose;
    private final BlockingDeque<Delivery> queue = new LinkedBlockingDeque<>();
    private volatile boolean closed;

    Subscriber(SessionListener listener, Consumer<Subscriber> onClose) {
        this.listener = listener;
        this.onClose = onClose;
    }

    void start(String sessionId) {
        Thread.ofVirtual().name("session-" + sessionId + "-subscriber").start(this::drain);
    }

    void events(List<Event> events) {
        queue.add(new Events(events));
    }

    void snapshot(Snapshot snapshot) {
        queue.add(new SnapshotChanged(snapshot));
    }

    void delta(String messageId, String text) {
        queue.add(new Delta(messageId, text));
    }

    /** Delivers what is already queued, then stops: the session has closed. */
    void end() {
        queue.add(new End());
    }

    /** Stops delivery: no call begins after this returns (one already running may finish). */
    @Override
    public void close() {
        closed = true;
        queue.addFirst(new End());
        onClose.accept(this);
    }

    private void drain() {
        try {
            while (true) {
                Delivery delivery = queue.take();
                if (closed || delivery instanceof End) {
                    return;
                }
                deliver(delivery);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(Delivery delivery) {
        try {
            switch (delivery) {
                case Events e -> listener.onEvents(e.events());
                case SnapshotChanged s -> listener.onSnapshot(s.snapshot());
                case Delta d -> listener.onDelta(d.messageId(), d.text());
                case End end -> {}
            }
        } catch (RuntimeException e) {
            // One faulty listener must not stop the others or the session; it keeps getting later events.
            LOG.error("session listener {} failed", listener, e);
        }
    }
}
