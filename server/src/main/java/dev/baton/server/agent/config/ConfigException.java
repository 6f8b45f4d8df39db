package dev.baton.server.agent.config;

/** A configuration file or variable that cannot be used; the message names it and says why. */
public final class ConfigException extends Exception {
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
