package dev.baton.server.sandbox;

/** The sandbox was asked for and cannot be had; the message says why and what to do. */
public final class SandboxUnavailableException extends RuntimeException {
    public SandboxUnavailableException(String message) {
        super(message);
    }
}
