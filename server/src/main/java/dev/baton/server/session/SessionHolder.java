package dev.baton.server.session;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.baton.protocol.Json;
import dev.baton.relay.store.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code holder.json} beside a session's log: which process holds the log's lock, written by that
 * process once it has the lock and removed before it lets go. The lock is the truth: a record read while
 * the log is free names nobody, and one a crash left behind is overwritten by the next holder.
 *
 * @param pid the holding process
 * @param kind what that process is, from its command
 * @param started when the process started, if known: a pid reused by another process has another start
 */
public record SessionHolder(long pid, Kind kind, Instant started) {
    static final String FILE = "holder.json";
    /** Start times are read from the process table in clock ticks: equal within this, they are the same. */
    private static final Duration SAME_START = Duration.ofSeconds(1);

    /** What kind of baton process holds a session, which decides whether another may take it over. */
    public enum Kind {
        /** {@code baton remote-control}: server mode, which stops cleanly on SIGTERM. */
        REMOTE_CONTROL("remote-control"),
        /** {@code baton lsp}: the backend of an editor (VS Code). */
        LSP("lsp"),
        /** {@code baton}: the interactive terminal session. */
        INTERACTIVE("interactive"),
        /** Anything else (a test, or a newer baton's kind this one does not know). */
        OTHER("other");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }

        @JsonCreator
        public static Kind fromWord(String word) {
            return Arrays.stream(values())
                    .filter(kind -> kind.word.equals(word))
                    .findFirst()
                    .orElse(OTHER);
        }
    }

    public SessionHolder {
        Objects.requireNonNull(kind, "kind");
    }

    /** This process, holding sessions as {@code kind}. */
    static SessionHolder current(Kind kind) {
        ProcessHandle self = ProcessHandle.current();
        return new SessionHolder(self.pid(), kind, self.info().startInstant().orElse(null));
    }

    /** The live process this record names: empty when it has ended, or its pid now belongs to another one. */
    public Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> started == null
                        || handle.info()
                                .startInstant()
                                .map(start ->
                                        Duration.between(start, started).abs().compareTo(SAME_START) < 0)
                                .orElse(true));
    }

    /** Written whole or not at all, 0600, so a reader never sees half a record. */
    void write(Path folder) throws IOException {
        PrivateFiles.replace(folder.resolve(FILE), (Json.write(this) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The record in {@code folder}, if there is a readable one; says nothing about whether it is current. */
    static Optional<SessionHolder> read(Path folder) {
        try {
            return Optional.of(Json.MAPPER.readValue(folder.resolve(FILE).toFile(), SessionHolder.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Removes this process's record from {@code folder}; a record another holder wrote stays. */
    void removeFrom(Path folder) throws IOException {
        if (read(folder).filter(this::equals).isPresent()) {
            Files.deleteIfExists(folder.resolve(FILE));
        }
    }
}
