package dev.baton.server.agent.config;

import java.util.Objects;

/**
 * Whether a model can be used. A session without one still runs {@code !commands} and slash
 * commands, and answers a plain message with {@link NotConfigured#reason()}.
 */
public sealed interface ModelSetup {
    ModelSettings settings();

    record Ready(ModelSettings settings) implements ModelSetup {
        public Ready {
            Objects.requireNonNull(settings.model().value(), "a ready setup names a model");
        }
    }

    /** @param reason what is missing and how to set it, fit for the user */
    record NotConfigured(ModelSettings settings, String reason) implements ModelSetup {}
}
