package dev.baton.server.e2ee;

import dev.baton.server.config.BatonHome;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The keys of one {@code BATON_HOME}: the content key, and one data key per session kept in the
 * session's own folder beside its log. Both are made on first use (the first Remote Control, the first
 * time a session is hosted). The content key is replaced only by a rotation ({@link RevocationCheck}),
 * after a device was revoked; whatever seals with it asks for the current one each time.
 */
public final class Keyring {
    static final String DATA_KEY_FILE = "data-key";

    private final Path contentKeyFile;
    private final Path sessions;
    private final List<BiConsumer<ContentKey, ContentKey>> listeners = new CopyOnWriteArrayList<>();
    private volatile ContentKey contentKey;

    /** Stops a listener; removing one cannot fail. */
    public interface Listening extends AutoCloseable {
        @Override
        void close();
    }

    private Keyring(Path contentKeyFile, ContentKey contentKey, Path sessions) {
        this.contentKeyFile = contentKeyFile;
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
                home.contentKeyFile(),
                new ContentKey(KeyFile.readOrCreate(home.contentKeyFile(), "the content key")),
                home.sessions());
    }

    /** The current content key. */
    public ContentKey contentKey() {
        return contentKey;
    }

    /** Where the content key lives; the devices known under it and the rotation lock sit beside it. */
    public Path contentKeyFile() {
        return contentKeyFile;
    }

    /**
     * Hears each new content key with the one it replaces, so what was sealed under the previous one is
     * sealed again. Called on the thread that rotated; a listener that calls the relay starts its own.
     *
     * @return stops listening
     */
    public Listening onNewContentKey(BiConsumer<ContentKey, ContentKey> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Takes {@code next} as the content key (this process rotated, or another sharing the home did). */
    void adopt(ContentKey next) {
        ContentKey previous;
        synchronized (this) {
            previous = contentKey;
            if (next.kid().equals(previous.kid())) {
                return;
            }
            contentKey = next;
        }
        listeners.forEach(listener -> listener.accept(previous, next));
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
