package dev.baton.server.session;

import java.time.Duration;

/**
 * How the sessions of a {@link SessionStore} run their work.
 *
 * @param shellTimeLimit how long a {@code !command} may run before it is stopped
 */
public record SessionSettings(Duration shellTimeLimit) {
    public SessionSettings {
        if (shellTimeLimit.isNegative() || shellTimeLimit.isZero()) {
            throw new IllegalArgumentException("shellTimeLimit must be positive, got " + shellTimeLimit);
        }
    }

    public static SessionSettings defaults() {
        return new SessionSettings(Duration.ofMinutes(10));
    }

    public SessionSettings withShellTimeLimit(Duration value) {
        return new SessionSettings(value);
    }
}
