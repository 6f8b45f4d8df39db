package dev.baton.server.remote;

import dev.baton.server.session.Session;
import dev.baton.server.session.SessionStore;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * Finds the session a command means: an id, a name to resume in this directory, the directory's most
 * recent session, or a new one.
 */
public final class SessionResolver {
    private final SessionStore store;

    public SessionResolver(SessionStore store) {
        this.store = store;
    }

    /**
     * The session started with {@code name} in {@code directory} if there is one, else a new session
     * (named {@code name}, which may be null).
     */
    public Session resumeOrCreate(String name, Path directory) {
        if (name != null) {
            var existing = store.findByName(name, directory).flatMap(info -> store.open(info.id()));
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        return store.create(name, directory);
    }

    /** The most recently active session of {@code directory}, else a new one there. */
    public Session continueLatestOrCreate(Path directory) {
        return store.latestIn(directory)
                .flatMap(info -> store.open(info.id()))
                .orElseGet(() -> store.create(null, directory));
    }

    /** @throws NoSuchElementException when there is no session {@code id} */
    public Session open(String id) {
        return store.open(id).orElseThrow(() -> new NoSuchElementException("no session " + id));
    }
}
