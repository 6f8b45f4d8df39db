package dev.baton.server.session.shell;

/**
 * How a shell command ended.
 *
 * @param exitCode the process exit status (128 + signal when it was killed)
 * @param output stdout and stderr interleaved as written, bounded, with notes on truncation and stops
 * @param stopReason why it was stopped, or null when it ended by itself
 */
public record ShellResult(int exitCode, String output, StopReason stopReason) {
    /** Ran to the end by itself and exited 0. */
    public boolean ok() {
        return stopReason == null && exitCode == 0;
    }
}
