package dev.baton.server.agent.permission;

/** The project's permission settings cannot be used; the message names the file and says why. */
public final class PermissionSettingsException extends RuntimeException {
    public PermissionSettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
