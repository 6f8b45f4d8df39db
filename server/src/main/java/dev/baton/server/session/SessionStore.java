package dev.baton.server.session;

import dev.baton.protocol.Json;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.event.Event;
import dev.baton.relay.auth.Secrets;
import dev.baton.relay.store.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions under {@code BATON_HOME/sessions}: one folder each, holding the log and its metadata.
 *
 * <p>A session is live in at most one place. Within a store, {@link #open} of a session that is
 * already open returns the same instance, so every caller shares one writer and one input loop;
 * closing it closes it for all of them, and a later {@link #open} opens it afresh. Another process (or
 * another store over the same folder) gets a {@link SessionBusyException} instead, because the log
 * is locked while open.
 */
public final class SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final String METADATA = "session.json";
    private static final String EVENTS = "events.jsonl";

    private final Path root;
    private final SessionSettings settings;
    /** This process, as recorded beside each log it holds. */
    private final SessionHolder holder;

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, LocalSession> live = new HashMap<>();

    public SessionStore(Path root) {
        this(root, SessionSettings.defaults());
    }

    public SessionStore(Path root, SessionSettings settings) {
        this(root, settings, Clock.systemUTC());
    }

    /**
     * @param clock the time of every event and of each session's creation, which orders sessions by
     *     recent activity; tests pass one they move, so "more recent" never hangs on the millisecond
     */
    public SessionStore(Path root, SessionSettings settings, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.holder = SessionHolder.current(settings.holder());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A new session with a new id and epoch. The id has the form of those the relay mints for the sessions
     * a device asks for ({@code ses_…}), so every session reads the same in lists, URLs and branch names;
     * sessions stored under the bare ids of earlier versions still open, since {@link #open} takes any
     * valid id. A non-blank {@code name} is its title from the start (with
     * source {@code name}, kept in its metadata: no event says it, since nobody's input renamed it) and
     * finds it again through {@link #findByName}.
     *
     * @throws IllegalArgumentException when {@code directory} is not a directory
     * @throws UncheckedIOException when the session cannot be written
     */
    public Session create(String name, Path directory) {
        return create(Secrets.id("ses_"), name, directory);
    }

    /**
     * A new session with the given id: server mode makes the session a device asked the relay for, under
     * the id the relay chose.
     *
     * @throws IllegalArgumentException when {@code id} is not a valid session id or is taken, or when
     *     {@code directory} is not a directory
     */
    public Session create(String id, String name, Path directory) {
        if (id == null || !SESSION_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a session id: " + id);
        }
        if (Files.exists(root.resolve(id))) {
            throw new IllegalArgumentException("session " + id + " exists already");
        }
        Path workingDirectory = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(workingDirectory)) {
            throw new IllegalArgumentException("not a directory: " + workingDirectory);
        }
        String title = Titles.clean(name);
        SessionMetadata metadata = new SessionMetadata(
                id,
                Ids.random(),
                title.isEmpty() ? null : title,
                workingDirectory,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        lock.lock();
        try {
            Path folder = PrivateFiles.createDirectories(root.resolve(metadata.id()));
            metadata.write(folder.resolve(METADATA));
            return register(metadata, EventLog.open(folder.resolve(EVENTS), clock, holder));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a session under " + root + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Opens an existing session, recovering its log after a crash; empty when there is no such session.
     *
     * @throws SessionBusyException when another process has it open
     * @throws UncheckedIOException when its files cannot be read or its log is damaged
     */
    public Optional<Session> open(String sessionId) {
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            return Optional.empty();
        }
        lock.lock();
        try {
            LocalSession session = live.get(sessionId);
            if (session != null) {
                return Optional.of(session);
            }
            Path folder = root.resolve(sessionId);
            if (!Files.isRegularFile(folder.resolve(METADATA))) {
                return Optional.empty();
            }
            SessionMetadata metadata = SessionMetadata.read(folder.resolve(METADATA));
            return Optional.of(register(metadata, EventLog.open(folder.resolve(EVENTS), clock, holder)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open session " + sessionId + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private LocalSession register(SessionMetadata metadata, EventLog log) {
        LocalSession session = LocalSession.start(metadata, log, settings, this::forget);
        live.put(session.id(), session);
        return session;
    }

    private void forget(LocalSession session) {
        lock.lock();
        try {
            live.remove(session.id(), session);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether another process (or another store) has the session open now: its log is locked. A probe
     * only, taking the lock for an instant when it is free.
     */
    public boolean isOpenElsewhere(String sessionId) {
        lock.lock();
        try {
            if (live.containsKey(sessionId)) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        Path events = root.resolve(sessionId).resolve(EVENTS);
        if (!Files.isRegularFile(events)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(events, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Which other process holds the session, when it is open elsewhere and that process recorded itself
     * and still runs. Empty when nobody holds it, and when its holder cannot be told (it has only just
     * taken the lock, or is a baton that keeps no record): {@link #isOpenElsewhere} says which.
     */
    public Optional<SessionHolder> holderOf(String sessionId) {
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches() || !isOpenElsewhere(sessionId)) {
            return Optional.empty(); // the lock is the truth: a record beside a free log names nobody
        }
        return SessionHolder.read(root.resolve(sessionId))
                .filter(recorded -> recorded.pid() != holder.pid())
                .filter(recorded -> recorded.process().isPresent());
    }

    /** The most recently active session started with {@code name} in {@code directory}. */
    public Optional<SessionInfo> findByName(String name, Path directory) {
        String wanted = Titles.clean(name);
        Path workingDirectory = directory.toAbsolutePath().normalize();
        return list().stream()
                .filter(info -> wanted.equals(info.name()) && workingDirectory.equals(info.directory()))
                .findFirst();
    }

    /**
     * The most recently active session of {@code directory}, whoever started it: what
     * {@code --continue} and an editor reopening its folder resume.
     */
    public Optional<SessionInfo> latestIn(Path directory) {
        Path workingDirectory = directory.toAbsolutePath().normalize();
        return list().stream()
                .filter(info -> workingDirectory.equals(info.directory()))
                .findFirst();
    }

    /** Every session, most recently active first. Sessions whose files cannot be read are skipped. */
    public List<SessionInfo> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(root)) {
            return folders.filter(folder -> Files.isRegularFile(folder.resolve(METADATA)))
                    .map(this::info)
                    .flatMap(Optional::stream)
                    .sorted(Comparator.comparing(SessionInfo::lastActivity).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list sessions under " + root + ": " + e.getMessage(), e);
        }
    }

    private Optional<SessionInfo> info(Path folder) {
        lock.lock();
        try {
            LocalSession session = live.get(folder.getFileName().toString());
            if (session != null) {
                return Optional.of(session.info());
            }
        } finally {
            lock.unlock();
        }
        try {
            SessionMetadata metadata = SessionMetadata.read(folder.resolve(METADATA));
            SessionState state = new SessionState(metadata.name());
            Path events = folder.resolve(EVENTS);
            if (Files.exists(events)) {
                // Lenient decoding: a torn last line may end inside a character.
                new String(Files.readAllBytes(events), StandardCharsets.UTF_8)
                        .lines()
                        .map(SessionStore::eventOrNull)
                        .filter(Objects::nonNull)
                        .forEach(state::apply);
            }
            Instant lastActivity = state.lastActivity() == null ? metadata.createdAt() : state.lastActivity();
            return Optional.of(
                    new SessionInfo(metadata.id(), metadata.name(), metadata.directory(), state.title(), lastActivity));
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("skipping session folder {}: {}", folder, e.getMessage());
            return Optional.empty();
        }
    }

    /** Listing only reads: a torn line (repaired when the session opens) is skipped here. */
    private static Event eventOrNull(String line) {
        try {
            return Json.decode(line, Event.class);
        } catch (ProtocolException e) {
            return null;
        }
    }
}
