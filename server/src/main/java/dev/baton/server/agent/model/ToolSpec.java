package dev.baton.server.agent.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A tool the model may call.
 *
 * @param inputSchema a JSON Schema of {@code "type": "object"} describing the arguments
 */
public record ToolSpec(String name, String description, JsonNode inputSchema) {
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (inputSchema == null || !inputSchema.isObject()) {
            throw new IllegalArgumentException("tool " + name + " needs an object JSON schema");
        }
    }
}
