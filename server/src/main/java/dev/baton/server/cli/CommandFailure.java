package dev.baton.server.cli;

/** A command could not do its job for a reason the user can read in one line: exit code 1. */
final class CommandFailure extends RuntimeException {
    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }

    CommandFailure(String message) {
        super(message);
    }
}
