package dev.baton.relay.hub;

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
}
