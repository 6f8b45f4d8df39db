package dev.baton.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.baton.protocol.Json;
import dev.baton.relay.store.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads and writes a credentials file; a written file is readable by its owner only (mode 600). */
public final class CredentialsFile {
    private final Path file;

    public CredentialsFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    public Optional<Credentials> read() {
        try {
            Credentials credentials = Json.MAPPER.readValue(Files.readString(file), Credentials.class);
            if (credentials == null
                    || credentials.accountToken() == null
                    || credentials.accountToken().isBlank()) {
                throw new ConfigurationException(file + " has no accountToken");
            }
            return Optional.of(credentials);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the file atomically, so a crash never leaves half a token behind. */
    public void write(Credentials credentials) {
        try {
            PrivateFiles.createDirectories(file.getParent());
            PrivateFiles.replace(file, Json.write(credentials).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
