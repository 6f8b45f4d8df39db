package dev.baton.bench;

import dev.baton.relay.store.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory for one run's relay data and session logs, deleted when the run ends. */
public final class Workspace implements AutoCloseable {
    private final Path root;

    public Workspace() throws IOException {
        root = Files.createTempDirectory("baton-bench-");
    }

    /**
     * {@code name} under the workspace, created as an owner-only directory: a relay's data directory
     * must be, and a relay given a wider one narrows it with a warning.
     */
    public Path dir(String name) throws IOException {
        return PrivateFiles.createDirectories(root.resolve(name));
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
