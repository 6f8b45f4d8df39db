package dev.baton.server.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Baton's data directory ({@code BATON_HOME}, default {@code ~/.baton}) and where each thing lives in
 * it. Moving the whole directory with one variable is what lets tests and users isolate runs.
 */
public record BatonHome(Path root) {
    public static final String VARIABLE = "BATON_HOME";

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
}
