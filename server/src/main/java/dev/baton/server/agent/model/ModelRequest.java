package dev.baton.server.agent.model;

import java.util.List;
import java.util.Objects;

/**
 * One request to a model: the whole conversation so far (models are stateless).
 *
 * @param system instructions for the model; null or blank for none
 * @param messages alternating user and assistant messages, starting and ending with a user message
 * @param tools the tools the model may call; empty for none
 * @param maxTokens the most tokens the model may write in its answer
 */
public record ModelRequest(String model, String system, List<Message> messages, List<ToolSpec> tools, int maxTokens) {
    public ModelRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one message");
        }
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        }
    }
}
