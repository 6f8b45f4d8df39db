package dev.baton.server.session;

import java.io.IOException;

/** Events could not be written to the log; nothing of them is on disk or in memory. */
final class LogWriteException extends RuntimeException {
    LogWriteException(String message, IOException cause) {
        super(message, cause);
    }
}
