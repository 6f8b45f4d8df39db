package dev.baton.server.agent.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.server.agent.model.ContentBlock;
import dev.baton.server.agent.model.ModelException;
import dev.baton.server.agent.model.ModelFailure;

/** Assembles a tool call from the argument fragments an API streamed. */
final class ToolInputs {
    private ToolInputs() {}

    /**
     * @param raw the concatenated fragments; blank means no arguments (Anthropic sends no fragment for
     *     an empty input)
     * @throws ModelException {@link ModelFailure.MalformedToolInput} when {@code raw} is not one JSON
     *     object
     */
    static ContentBlock.ToolUse parse(String provider, String id, String name, String raw) throws ModelException {
        if (raw.isBlank()) {
            return new ContentBlock.ToolUse(id, name, Json.MAPPER.createObjectNode());
        }
        JsonNode input;
        try {
            input = Json.MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            throw malformed(provider, id, name, raw, e.getOriginalMessage(), e);
        }
        if (input == null || !input.isObject()) {
            String got =
                    input == null ? "nothing" : input.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
            throw malformed(provider, id, name, raw, "expected a JSON object, got " + got, null);
        }
        return new ContentBlock.ToolUse(id, name, input);
    }

    private static ModelException malformed(
            String provider, String id, String name, String raw, String detail, Throwable cause) {
        return new ModelException(provider, new ModelFailure.MalformedToolInput(id, name, raw, detail), cause);
    }
}
