package dev.baton.server.cli;

/**
 * A command could not do its job for a reason the user can read in one line: exit code 1, or the code
 * given when callers need to tell the reasons apart ({@link BatonCli}'s exit codes).
 */
final class CommandFailure extends RuntimeException {
    private final int exitCode;

    CommandFailure(String message, Throwable cause) {
        this(message, cause, 1);
    }

    CommandFailure(String message) {
        this(message, null, 1);
    }

    CommandFailure(String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
