package dev.baton.server.session;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The sessions under {@code BATON_HOME/sessions}: one folder each, holding the log and its metadata. */
public final class SessionStore {
    private final Path root;

    public SessionStore(Path root) {
        this.root = root;
    }

    /** A new session with a new id and epoch. {@code name} may be null. */
    public Session create(String name, Path directory) {
        throw new UnsupportedOperationException("skeleton: " + root);
    }

    /** Opens an existing session, recovering its log after a crash. */
    public Optional<Session> open(String sessionId) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The most recent session started with {@code name} in {@code directory}. */
    public Optional<SessionInfo> findByName(String name, Path directory) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Every session, most recently active first. */
    public List<SessionInfo> list() {
        throw new UnsupportedOperationException("skeleton");
    }
}
