package dev.baton.relay.store;

/**
 * Events were appended in an epoch the session's tail has left: another host connection (on another
 * relay node) said {@code hello} with a new epoch since. Expected when a host is replaced across nodes;
 * the caller ends the stale connection as replaced.
 */
public final class StaleEpochException extends RuntimeException {
    public StaleEpochException(String sessionId, String epoch) {
        // No stack trace: this is an expected outcome, reported in one line.
        super("the tail of session " + sessionId + " has left epoch " + epoch + " for a newer one", null, false, false);
    }
}
