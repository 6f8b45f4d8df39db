package dev.baton.server.agent.provider;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Google credentials read from their file when the first request needs a token, not when the
 * session starts, so a broken file costs a clear {@code error} event on that request rather than the
 * session. Loading and refreshing failures become a {@link CredentialsUnavailableException}.
 */
final class LazyGoogleCredentials extends GoogleCredentials {
    /** What Vertex AI asks of a service account's token. */
    private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");

    private final Path file;
    private GoogleCredentials loaded;

    LazyGoogleCredentials(Path file) {
        this.file = file;
    }

    @Override
    public synchronized AccessToken refreshAccessToken() {
        try {
            if (loaded == null) {
                try (InputStream in = Files.newInputStream(file)) {
                    loaded = GoogleCredentials.fromStream(in).createScoped(SCOPES);
                }
            }
            loaded.refreshIfExpired();
            return loaded.getAccessToken();
        } catch (IOException | RuntimeException e) {
            throw new CredentialsUnavailableException(
                    "Google credentials from " + file + " could not be loaded: " + e.getMessage(), e);
        }
    }
}
