package dev.baton.server.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** One piece of a message. */
public sealed interface ContentBlock {
    /** Text written by the user or the model. */
    record Text(String text) implements ContentBlock {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The model asks for a tool to run. Appears in assistant messages.
     *
     * @param id the provider's call id; the matching {@link ToolResult#toolUseId()} must repeat it
     * @param input the parsed arguments, always a JSON object
     */
    record ToolUse(String id, String name, JsonNode input) implements ContentBlock {
        public ToolUse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            if (input == null || !input.isObject()) {
                throw new IllegalArgumentException("tool input must be a JSON object, got " + input);
            }
        }
    }

    /**
     * What a tool returned, sent back to the model in the next user message.
     *
     * @param content the text the model sees (already truncated for the model if it was large)
     * @param isError true when the tool failed or was denied; the model is told so
     */
    record ToolResult(String toolUseId, String content, boolean isError) implements ContentBlock {
        public ToolResult {
            Objects.requireNonNull(toolUseId, "toolUseId");
            Objects.requireNonNull(content, "content");
        }
    }
}
