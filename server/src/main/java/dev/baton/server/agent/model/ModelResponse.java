package dev.baton.server.agent.model;

import java.util.Objects;

/**
 * A complete answer: the assistant message to append to the conversation, why it stopped and what
 * it cost.
 */
public record ModelResponse(Message message, StopReason stopReason, Usage usage) {
    public ModelResponse {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(usage, "usage");
        if (message.role() != Role.ASSISTANT) {
            throw new IllegalArgumentException("a response is an assistant message");
        }
    }
}
