package dev.baton.server.agent.config;

import java.util.Objects;

/**
 * One resolved configuration value and where it came from.
 *
 * @param value null when nothing set it and it has no default
 */
public record Setting<T>(T value, Source source) {
    public Setting {
        Objects.requireNonNull(source, "source");
    }

    public static <T> Setting<T> unset() {
        return new Setting<>(null, Source.DEFAULT);
    }

    public boolean isSet() {
        return value != null;
    }
}
