package dev.baton.protocol.seal;

/**
 * A sealed blob that does not open: a wrong key, altered bytes, altered associated data, or text that is
 * no blob at all. Whatever it held is never shown; the caller reports that it was dropped.
 */
public final class SealException extends RuntimeException {
    SealException(String message, Throwable cause) {
        super(message, cause);
    }

    SealException(String message) {
        super(message);
    }
}
