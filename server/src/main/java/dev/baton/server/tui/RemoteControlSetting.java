package dev.baton.server.tui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.relay.store.PrivateFiles;
import dev.baton.server.config.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * "Enable Remote Control for all sessions": {@code "remoteControlAllSessions": true} in
 * {@code $BATON_HOME/config.json}, which makes every {@code baton} start as {@code baton --rc} does (and the VS
 * Code extension start Remote Control in every window, reading the same key). The file's
 * other settings are kept as they are when it is toggled.
 */
final class RemoteControlSetting {
    static final String KEY = "remoteControlAllSessions";
    static final String LABEL = "Enable Remote Control for all sessions";

    private final Path file;

    RemoteControlSetting(Path file) {
        this.file = file;
    }

    boolean enabled() {
        return read().path(KEY).asBoolean(false);
    }

    /** Flips the setting and writes it; the new value. */
    boolean toggle() {
        ObjectNode config = read();
        boolean value = !config.path(KEY).asBoolean(false);
        config.put(KEY, value);
        write(config);
        return value;
    }

    private ObjectNode read() {
        try {
            JsonNode node = Json.MAPPER.readTree(Files.readString(file));
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!(node instanceof ObjectNode object)) {
                throw new ConfigurationException(file + " is not a JSON object");
            }
            return object;
        } catch (NoSuchFileException e) {
            return JsonNodeFactory.instance.objectNode();
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the file whole or not at all, owner-only. */
    private void write(ObjectNode config) {
        try {
            Files.createDirectories(file.getParent());
            PrivateFiles.replace(
                    file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
