package dev.baton.server.session;

import dev.baton.server.agent.loop.AgentSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How the sessions of a {@link SessionStore} run their work.
 *
 * @param shellTimeLimit how long a {@code !command} may run before it is stopped
 * @param agent the model, tools and permission rules a plain message is answered with
 */
public record SessionSettings(Duration shellTimeLimit, AgentSettings agent) {
    public SessionSettings {
        if (shellTimeLimit.isNegative() || shellTimeLimit.isZero()) {
            throw new IllegalArgumentException("shellTimeLimit must be positive, got " + shellTimeLimit);
        }
        Objects.requireNonNull(agent, "agent");
    }

    /** No model: a plain message is answered with a notice saying how to configure one. */
    public SessionSettings(Duration shellTimeLimit) {
        this(shellTimeLimit, AgentSettings.none());
    }

    public static SessionSettings defaults() {
        return new SessionSettings(Duration.ofMinutes(10));
    }

    public SessionSettings withShellTimeLimit(Duration value) {
        return new SessionSettings(value, agent);
    }

    public SessionSettings withAgent(AgentSettings value) {
        return new SessionSettings(shellTimeLimit, value);
    }
}
