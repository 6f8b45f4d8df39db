package dev.baton.server.agent.model;

/** Who said a message. System text is not a message: it is {@link ModelRequest#system()}. */
public enum Role {
    USER,
    ASSISTANT
}
