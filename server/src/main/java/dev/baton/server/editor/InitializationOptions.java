package dev.baton.server.editor;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.baton.server.config.DurationText;
import java.time.Duration;
import java.util.Optional;

/**
 * What the editor may set in {@code initialize}'s {@code initializationOptions} (extensions):
 * {@code offlineTimeout}, a duration such as {@code "30s"} or {@code "10m"}, so the editor's own
 * setting decides when Remote Control gives up on an unreachable relay; {@code workspaceTrusted}, the
 * editor's own workspace trust for the folder ({@link EditorTrust}).
 */
final class InitializationOptions {
    private InitializationOptions() {}

    /** @throws org.eclipse.lsp4j.jsonrpc.ResponseErrorException for a value that is not a duration */
    static Optional<Duration> offlineTimeout(JsonObject params) {
        if (params == null || !(params.get("initializationOptions") instanceof JsonObject options)) {
            return Optional.empty();
        }
        JsonElement value = options.get("offlineTimeout");
        if (value == null || value.isJsonNull()) {
            return Optional.empty();
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw ResponseErrors.invalidParams(
                    "initializationOptions.offlineTimeout: expected a string such as \"30s\" or \"10m\"");
        }
        try {
            return Optional.of(DurationText.parsePositive(value.getAsString()));
        } catch (IllegalArgumentException e) {
            throw ResponseErrors.invalidParams("initializationOptions.offlineTimeout: " + e.getMessage());
        }
    }

    /** {@code workspaceTrusted}; empty when the editor did not say. */
    static Optional<Boolean> workspaceTrusted(JsonObject params) {
        if (params == null || !(params.get("initializationOptions") instanceof JsonObject options)) {
            return Optional.empty();
        }
        JsonElement value = options.get("workspaceTrusted");
        if (value == null || value.isJsonNull()) {
            return Optional.empty();
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw ResponseErrors.invalidParams("initializationOptions.workspaceTrusted: expected true or false");
        }
        return Optional.of(value.getAsBoolean());
    }
}
