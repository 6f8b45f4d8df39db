package dev.baton.server.config;

import dev.baton.relay.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Baton's data directory ({@code BATON_HOME}, default {@code ~/.baton}) and where each thing lives in
 * it. Moving the whole directory with one variable is what lets tests and users isolate runs.
 */
public record BatonHome(Path root) {
    public static final String VARIABLE = "BATON_HOME";
    /** What Baton keeps here; only these are tightened, in case the variable names a folder with more in it. */
    private static final List<String> OWN_ENTRIES = List.of(
            "config.json", "credentials.json", "local-credentials.json", "trust.json", "sessions", "relay", "keys");

    public static BatonHome fromEnvironment(Map<String, String> env) {
        String configured = env.get(VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return new BatonHome(Path.of(configured).toAbsolutePath());
        }
        return new BatonHome(Path.of(System.getProperty("user.home"), ".baton"));
    }

    /** The backend's log files ({@link Logs}). */
    public Path logs() {
        return root.resolve("logs");
    }

    /** One folder per session, owned by the session engine. */
    public Path sessions() {
        return root.resolve("sessions");
    }

    /**
     * The content key: what opens every session of this home for a paired device, so it never leaves the
     * machine except in the fragment of a pairing URL.
     */
    public Path contentKeyFile() {
        return root.resolve("keys").resolve("content-key");
    }

    /** The embedded relay's store. */
    public Path relayData() {
        return root.resolve("relay");
    }

    /** {@code {"relayUrl": …}}: the relay to use when neither a flag nor the environment names one. */
    public Path configFile() {
        return root.resolve("config.json");
    }

    /** The account token for an external relay: {@code {"relayUrl", "accountToken"}}. */
    public Path credentialsFile() {
        return root.resolve("credentials.json");
    }

    /**
     * The embedded relay's automatically provisioned account, in the same format. Kept apart from
     * {@link #credentialsFile()} so a local run never overwrites the login for a real relay.
     */
    public Path localCredentialsFile() {
        return root.resolve("local-credentials.json");
    }

    /** The folders the user trusted, each with what its project files held then ({@code WorkspaceTrust}). */
    public Path trustFile() {
        return root.resolve("trust.json");
    }

    /**
     * Creates the directory owner-only if it is missing, and narrows anything in it others could read
     * (an older Baton, a copied folder, a loose umask), telling {@code notice} once when it did.
     */
    public BatonHome secure(Consumer<String> notice) throws IOException {
        PrivateFiles.createDirectories(root);
        PrivateFiles.tighten(root, OWN_ENTRIES, notice);
        return this;
    }
}
