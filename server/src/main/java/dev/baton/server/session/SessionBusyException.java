package dev.baton.server.session;

/** The session's log is held by another baton process, which is its single writer. */
public final class SessionBusyException extends RuntimeException {
    SessionBusyException(String message) {
        super(message);
    }
}
