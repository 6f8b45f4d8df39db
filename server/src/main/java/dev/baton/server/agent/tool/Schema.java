package dev.baton.server.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;

/** Builds the small object schemas the built-in tools declare, so each reads as a list of fields. */
final class Schema {
    private final ObjectNode properties = Json.MAPPER.createObjectNode();
    private final ArrayNode required = Json.MAPPER.createArrayNode();

    static Schema object() {
        return new Schema();
    }

    Schema requiredString(String name, String description) {
        required.add(name);
        return string(name, description);
    }

    Schema string(String name, String description) {
        properties.putObject(name).put("type", "string").put("description", description);
        return this;
    }

    Schema integer(String name, String description, int minimum) {
        properties
                .putObject(name)
                .put("type", "integer")
                .put("minimum", minimum)
                .put("description", description);
        return this;
    }

    Schema bool(String name, String description) {
        properties.putObject(name).put("type", "boolean").put("description", description);
        return this;
    }

    JsonNode build() {
        ObjectNode schema = Json.MAPPER.createObjectNode().put("type", "object");
        schema.set("properties", properties);
        schema.set("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }
}
