package dev.baton.server.session;

import dev.baton.server.agent.loop.AgentSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How the sessions of a {@link SessionStore} run their work.
 *
 * @param shellTimeLimit how long a {@code !command} may run before it is stopped
 * @param agent the model, tools and permission rules a plain message is answered with
 * @param remoteControl who hosts a session on a relay when it asks ({@code /remote-control})
 * @param holder what this process is (from its command), recorded beside each log it holds so that
 *     another process finding the log locked can tell who holds it
 */
public record SessionSettings(
        Duration shellTimeLimit, AgentSettings agent, RemoteControlPort remoteControl, SessionHolder.Kind holder) {
    public SessionSettings {
        if (shellTimeLimit.isNegative() || shellTimeLimit.isZero()) {
            throw new IllegalArgumentException("shellTimeLimit must be positive, got " + shellTimeLimit);
        }
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(remoteControl, "remoteControl");
        Objects.requireNonNull(holder, "holder");
    }

    /** No model: a plain message is answered with a notice saying how to configure one. */
    public SessionSettings(Duration shellTimeLimit) {
        this(shellTimeLimit, AgentSettings.none(), RemoteControlPort.NONE, SessionHolder.Kind.OTHER);
    }

    public static SessionSettings defaults() {
        return new SessionSettings(Duration.ofMinutes(10));
    }

    public SessionSettings withShellTimeLimit(Duration value) {
        return new SessionSettings(value, agent, remoteControl, holder);
    }

    public SessionSettings withAgent(AgentSettings value) {
        return new SessionSettings(shellTimeLimit, value, remoteControl, holder);
    }

    public SessionSettings withRemoteControl(RemoteControlPort value) {
        return new SessionSettings(shellTimeLimit, agent, value, holder);
    }

    public SessionSettings withHolder(SessionHolder.Kind value) {
        return new SessionSettings(shellTimeLimit, agent, remoteControl, value);
    }
}
