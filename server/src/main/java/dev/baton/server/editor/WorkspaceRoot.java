package dev.baton.server.editor;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The editor's workspace folder from {@code initialize}: where new sessions work. */
final class WorkspaceRoot {
    private WorkspaceRoot() {}

    /** {@code rootUri}, else {@code workspaceFolders[0].uri}, else {@code fallback}. */
    static Path from(JsonObject params, Path fallback) {
        return folder(params, "rootUri").or(() -> firstWorkspaceFolder(params)).orElse(fallback);
    }

    private static Optional<Path> firstWorkspaceFolder(JsonObject params) {
        if (params == null
                || !(params.get("workspaceFolders") instanceof JsonArray folders)
                || folders.isEmpty()
                || !(folders.get(0) instanceof JsonObject first)) {
            return Optional.empty();
        }
        return folder(first, "uri");
    }

    private static Optional<Path> folder(JsonObject object, String field) {
        if (object == null) {
            return Optional.empty();
        }
        JsonElement value = object.get(field);
        if (value == null
                || !value.isJsonPrimitive()
                || !value.getAsJsonPrimitive().isString()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(value.getAsString());
            if (!"file".equals(uri.getScheme())) {
                return Optional.empty();
            }
            Path path = Path.of(uri);
            return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }
}
