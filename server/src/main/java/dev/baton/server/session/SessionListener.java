package dev.baton.server.session;

import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import java.util.List;

/**
 * Receives what a session publishes. Calls arrive in commit order, one at a time, and must not block:
 * a listener that does I/O hands the work to its own thread.
 */
public interface SessionListener {
    /** Events already written to the local log, in seq order with no holes. */
    void onEvents(List<Event> events);

    /** The snapshot changed (title, processing, pending permissions). */
    default void onSnapshot(Snapshot snapshot) {}

    /** Ephemeral assistant text; never stored. */
    default void onDelta(String messageId, String text) {}
}
