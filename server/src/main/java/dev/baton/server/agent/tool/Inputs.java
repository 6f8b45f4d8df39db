package dev.baton.server.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reads fields of a tool call's input, refusing what does not fit the schema with a precise message. */
final class Inputs {
    private static final int DESCRIBED_LENGTH = 40;

    private Inputs() {}

    static String requiredString(JsonNode input, String field) {
        return optionalString(input, field)
                .orElseThrow(() -> new ToolInputException("missing required field \"" + field + "\""));
    }

    static Optional<String> optionalString(JsonNode input, String field) {
        JsonNode value = field(input, field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new ToolInputException("\"" + field + "\" must be a string, got " + describe(value));
        }
        return Optional.of(value.textValue());
    }

    static int optionalInt(JsonNode input, String field, int fallback, int minimum) {
        JsonNode value = field(input, field);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new ToolInputException("\"" + field + "\" must be an integer, got " + describe(value));
        }
        if (value.intValue() < minimum) {
            throw new ToolInputException("\"" + field + "\" must be at least " + minimum + ", got " + value.intValue());
        }
        return value.intValue();
    }

    static boolean optionalBoolean(JsonNode input, String field) {
        JsonNode value = field(input, field);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new ToolInputException("\"" + field + "\" must be true or false, got " + describe(value));
        }
        return value.booleanValue();
    }

    /** The field's value, or null when it is absent or JSON null (both mean "not given"). */
    private static JsonNode field(JsonNode input, String field) {
        if (input == null || !input.isObject()) {
            throw new ToolInputException("the input must be a JSON object");
        }
        JsonNode value = input.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /**
     * The value as JSON, cut after 40 characters. Cut by code point: half a surrogate pair in the message
     * would make the tool result that carries it invalid Unicode, which a model provider may refuse.
     */
    private static String describe(JsonNode value) {
        String text = value.toString();
        return text.codePointCount(0, text.length()) > DESCRIBED_LENGTH
                ? text.substring(0, text.offsetByCodePoints(0, DESCRIBED_LENGTH)) + "…"
                : text;
    }
}
