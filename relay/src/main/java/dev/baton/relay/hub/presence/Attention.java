package dev.baton.relay.hub.presence;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import java.util.List;

/**
 * Told when a session needs its user and none of the account's devices is looking at it, so the user can
 * be reached another way (Web Push). Called under the session's lock: implementations must return at
 * once and do their work elsewhere.
 */
public interface Attention {
    /** Nobody to tell. */
    Attention NONE = new Attention() {
        @Override
        public void permissionRequested(String accountId, String sessionId, String requestId) {}

        @Override
        public void turnFinished(String accountId, String sessionId) {}
    };

    void permissionRequested(String accountId, String sessionId, String requestId);

    void turnFinished(String accountId, String sessionId);

    /** Tells of the prompts and finished turns in a batch of events that nobody is looking at. */
    default void unseen(String accountId, String sessionId, List<Event> events) {
        for (Event event : events) {
            if (event.body() instanceof EventBody.PermissionRequest request) {
                permissionRequested(accountId, sessionId, request.requestId());
            } else if (event.body() instanceof EventBody.Status status && !status.processing()) {
                turnFinished(accountId, sessionId);
            }
        }
    }
}
