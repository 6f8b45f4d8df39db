package dev.baton.server.session;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.baton.protocol.Json;
import dev.baton.relay.store.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code session.json}: what a session is, fixed at creation. What changes (title, activity) is in the
 * log, so this file is written once and never races with it.
 *
 * @param epoch random, names this log: a relay holding another epoch for the id drops its tail
 * @param name the {@code --name} it was started with, or null
 */
record SessionMetadata(
        String id,
        String epoch,
        String name,
        @JsonSerialize(using = ToStringSerializer.class) Path directory,
        Instant createdAt) {

    static SessionMetadata read(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), SessionMetadata.class);
    }

    /** Written whole or not at all: a crash never leaves half a file. */
    void write(Path file) throws IOException {
        PrivateFiles.replace(file, (Json.write(this) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
