package dev.baton.relay.hub.presence;

import dev.baton.protocol.event.SealedEvent;
import dev.baton.relay.store.SessionRecord;
import java.util.List;

/**
 * Told when a session needs its user and none of the account's devices is looking at it, so the user can
 * be reached another way (Web Push). It reads only what events keep in the clear: their type, a prompt's
 * {@code requestId} and a status's {@code processing}. Called under the session's lock: implementations
 * must return at once and do their work elsewhere.
 */
public interface Attention {
    /** Nobody to tell. */
    Attention NONE = new Attention() {
        @Override
        public void permissionRequested(SessionRecord session, String requestId) {}

        @Override
        public void turnFinished(SessionRecord session) {}
    };

    void permissionRequested(SessionRecord session, String requestId);

    void turnFinished(SessionRecord session);

    /** Tells of the prompts and finished turns in a batch of events that nobody is looking at. */
    default void unseen(SessionRecord session, List<SealedEvent> events) {
        for (SealedEvent event : events) {
            if (SealedEvent.PERMISSION_REQUEST.equals(event.type())) {
                permissionRequested(session, event.requestId());
            } else if (SealedEvent.STATUS.equals(event.type()) && Boolean.FALSE.equals(event.processing())) {
                turnFinished(session);
            }
        }
    }
}
