package dev.baton.server.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.relay.store.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The device ids this home has seen listed under its current content key ({@code keys/devices}, owner-only
 * JSON {@code {"kid", "devices"}}): a known id missing from the relay's list is a revoked device, which is
 * what makes the backend rotate. Kept on disk so a revocation while no backend ran is noticed at the next start.
 *
 * @param kid the content key the ids were seen under
 */
record KnownDevices(String kid, Set<String> devices) {
    static final String FILE = "devices";

    KnownDevices {
        devices = Set.copyOf(devices);
    }

    /** What the file beside {@code contentKeyFile} holds; empty when there is none or it is unreadable. */
    static Optional<KnownDevices> read(Path contentKeyFile) {
        try {
            JsonNode json = Json.MAPPER.readTree(Files.readString(contentKeyFile.resolveSibling(FILE)));
            Set<String> devices = new TreeSet<>();
            json.path("devices").forEach(id -> devices.add(id.asText()));
            return json.path("kid").isTextual()
                    ? Optional.of(new KnownDevices(json.path("kid").asText(), devices))
                    : Optional.empty();
        } catch (IOException missingOrUnreadable) {
            // The next check records afresh; it cannot tell a revocation until then.
            return Optional.empty();
        }
    }

    /** Replaces the file at once, owner-only. */
    void write(Path contentKeyFile) throws IOException {
        Path file = contentKeyFile.resolveSibling(FILE);
        PrivateFiles.createDirectories(file.getParent());
        PrivateFiles.replace(
                file, Json.write(new KnownDevices(kid, new TreeSet<>(devices))).getBytes(StandardCharsets.UTF_8));
    }

    /** The ids known here that {@code listed} no longer has: revoked devices. */
    Set<String> missingFrom(Set<String> listed) {
        Set<String> missing = new TreeSet<>(devices);
        missing.removeAll(listed);
        return missing;
    }
}
