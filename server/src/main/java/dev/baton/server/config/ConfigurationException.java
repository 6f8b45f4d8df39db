package dev.baton.server.config;

/** The user's setup is incomplete or wrong (missing token, unreadable config): exit code 2. */
public final class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
