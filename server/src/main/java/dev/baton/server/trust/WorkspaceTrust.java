package dev.baton.server.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.baton.protocol.Json;
import dev.baton.relay.store.PrivateFiles;
import dev.baton.server.agent.config.ProjectSettings;
import dev.baton.server.agent.config.ProjectTrust;
import dev.baton.server.config.BatonHome;
import dev.baton.server.config.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * The user's trust decisions, one per folder, in {@code $BATON_HOME/trust.json} (owner-only):
 * {@code {"folders": {"<real path>": {"decision": "trusted"|"declined", "at": …, "files": {".mcp.json":
 * "sha256:…"|"absent", ".baton/settings.json": …}}}}}. A decision holds for the project files as they
 * were when it was made; any change makes a trusted folder {@link TrustStatus.Changed} and a declined one
 * undecided again. Every entry point (terminal, editor, scripts through {@code baton trust}) reads the
 * same file, so a folder can be trusted ahead of a run.
 */
public final class WorkspaceTrust implements ProjectTrust {
    private final Path file;

    private WorkspaceTrust(Path file) {
        this.file = file;
    }

    public static WorkspaceTrust in(BatonHome home) {
        return new WorkspaceTrust(home.trustFile());
    }

    /** One folder's decision as stored. */
    public record Decision(String decision, Instant at, Map<String, String> files) {
        static final String TRUSTED = "trusted";
        static final String DECLINED = "declined";

        public Decision {
            files = Map.copyOf(files);
        }
    }

    private record Records(Map<String, Decision> folders) {
        Records {
            folders = folders == null ? new TreeMap<>() : new TreeMap<>(folders);
        }
    }

    /**
     * The decision for {@code folder} and whether it still holds.
     *
     * @throws UncheckedIOException when the folder or its project files cannot be read
     * @throws ConfigurationException when {@code trust.json} is damaged
     */
    public TrustStatus status(Path folder) {
        Path real = realPath(folder);
        Decision decision = read().folders().get(real.toString());
        if (decision == null) {
            return new TrustStatus.Untrusted(real);
        }
        Map<String, String> now = digests(real);
        var changed = ProjectFiles.ALL.stream()
                .filter(name -> !now.get(name).equals(decision.files().getOrDefault(name, ProjectFiles.ABSENT)))
                .toList();
        boolean trusted = Decision.TRUSTED.equals(decision.decision());
        if (!changed.isEmpty()) {
            return trusted ? new TrustStatus.Changed(real, changed) : new TrustStatus.Untrusted(real);
        }
        return trusted ? new TrustStatus.Trusted(real) : new TrustStatus.Declined(real);
    }

    /** Trusts {@code folder} with its project files as they are now; returns its real path. */
    public synchronized Path trust(Path folder) {
        return decide(folder, Decision.TRUSTED);
    }

    /** Remembers that the user said no for {@code folder}, for its project files as they are now. */
    public synchronized Path decline(Path folder) {
        return decide(folder, Decision.DECLINED);
    }

    /** Forgets the decision for {@code folder}; false when there was none. */
    public synchronized boolean forget(Path folder) {
        Records records = read();
        boolean removed = records.folders().remove(realPath(folder).toString()) != null;
        if (removed) {
            write(records);
        }
        return removed;
    }

    /** Every recorded folder (real path) with its decision, sorted by path. */
    public Map<String, Decision> list() {
        return read().folders();
    }

    /** Trusted only when the user trusted the folder and its project files are unchanged since. */
    @Override
    public ProjectSettings settings(Path directory) {
        return new ProjectSettings(directory, status(directory).trusted());
    }

    /**
     * Baton itself changing a project file of a trusted folder: the user's trust extends to that
     * change, so the record follows it. A folder not trusted right before is left as it is.
     */
    @Override
    public synchronized void whileWriting(Path directory, ProjectWrite write) throws IOException {
        boolean trusted = status(directory).trusted();
        write.run();
        if (trusted) {
            trust(directory);
        }
    }

    private static Map<String, String> digests(Path folder) {
        try {
            return ProjectFiles.digests(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the project files of " + folder + ": " + e.getMessage(), e);
        }
    }

    private Path decide(Path folder, String decision) {
        Path real = realPath(folder);
        Records records = read();
        records.folders()
                .put(
                        real.toString(),
                        new Decision(decision, Instant.now().truncatedTo(ChronoUnit.SECONDS), digests(real)));
        write(records);
        return real;
    }

    private static Path realPath(Path folder) {
        try {
            Path real = folder.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new ConfigurationException("not a directory: " + folder);
            }
            return real;
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("no such directory: " + folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + folder + ": " + e.getMessage(), e);
        }
    }

    private Records read() {
        try {
            Records records = Json.MAPPER.readValue(Files.readString(file), Records.class);
            return records == null ? new Records(null) : records;
        } catch (NoSuchFileException e) {
            return new Records(null);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException(
                    file + " is not valid: " + e.getOriginalMessage() + "; fix it or delete it to trust folders anew",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the file atomically: a crash leaves the old decisions or the new ones, never half. */
    private void write(Records records) {
        try {
            PrivateFiles.createDirectories(file.getParent());
            PrivateFiles.replace(
                    file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(records));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
