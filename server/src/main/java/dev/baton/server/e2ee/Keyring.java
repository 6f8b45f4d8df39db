package dev.baton.server.e2ee;

import dev.baton.server.config.BatonHome;
import java.nio.file.Path;

/**
 * The keys of one {@code BATON_HOME}: the content key, and one data key per session kept in the
 * session's own folder beside its log. Both are made on first use (the first Remote Control, the first
 * time a session is hosted) and never replaced.
 */
public final class Keyring {
    static final String DATA_KEY_FILE = "data-key";

    private final ContentKey contentKey;
    private final Path sessions;

    private Keyring(ContentKey contentKey, Path sessions) {
        this.contentKey = contentKey;
        this.sessions = sessions;
    }

    /**
     * Reads the content key, creating it when this home has none yet.
     *
     * @throws dev.baton.server.config.ConfigurationException when the key file is there but unusable
     */
    public static Keyring open(BatonHome home) {
        return new Keyring(
                new ContentKey(KeyFile.readOrCreate(home.contentKeyFile(), "the content key")), home.sessions());
    }

    public ContentKey contentKey() {
        return contentKey;
    }

    /**
     * The data key of {@code sessionId}, made when the session is first hosted.
     *
     * @throws dev.baton.server.config.ConfigurationException when its key file is there but unusable
     */
    public byte[] dataKey(String sessionId) {
        return KeyFile.readOrCreate(sessions.resolve(sessionId).resolve(DATA_KEY_FILE), "the session's data key");
    }
}
