package dev.baton.server.agent.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.server.agent.model.Cancellation;
import java.nio.file.Path;

/** Builds tool inputs and contexts for the tool tests. */
final class ToolTesting {
    private ToolTesting() {}

    /** An input object from alternating field names and values. */
    static ObjectNode input(Object... fieldsAndValues) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            input.set((String) fieldsAndValues[i], Json.MAPPER.valueToTree(fieldsAndValues[i + 1]));
        }
        return input;
    }

    static ToolContext context(Path workingDirectory) {
        return new ToolContext(workingDirectory, new Cancellation());
    }
}
