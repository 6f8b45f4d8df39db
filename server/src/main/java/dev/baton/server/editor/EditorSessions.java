package dev.baton.server.editor;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.editor.EditorApi.SessionOpened;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.relay.RelayApi.SessionSummary;
import dev.baton.server.remote.SessionResolver;
import dev.baton.server.session.Session;
import dev.baton.server.session.SessionInfo;
import dev.baton.server.session.SessionListener;
import dev.baton.server.session.SessionStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The sessions this editor has open, and the live feed of each one it views. A feed starts only once
 * the {@code openSession} response is on the wire, so the editor never hears of an event for a session
 * before it has the session; subscribing after the response's last seq loses nothing meanwhile.
 */
final class EditorSessions implements AutoCloseable {
    private final SessionStore store;
    private final SessionResolver resolver;
    private final EditorNotifier notifier;
    private final Map<String, Session> open = new HashMap<>();
    private final Map<String, Session.Subscription> feeds = new HashMap<>();
    private final Map<SessionOpened, Runnable> feedsAwaitingResponse = new IdentityHashMap<>();

    EditorSessions(SessionStore store, EditorNotifier notifier) {
        this.store = store;
        this.resolver = new SessionResolver(store);
        this.notifier = notifier;
    }

    /** @throws java.util.NoSuchElementException for an unknown id */
    synchronized Session open(String sessionId) {
        Session session = open.get(sessionId);
        if (session == null) {
            session = resolver.open(sessionId);
            open.put(sessionId, session);
        }
        return session;
    }

    synchronized Session resumeOrCreate(String name, Path directory) {
        Session session = resolver.resumeOrCreate(name, directory);
        open.put(session.id(), session);
        return session;
    }

    /** The folder's most recently active session (the one a reopened window had), else a new one. */
    synchronized Session continueLatestOrCreate(Path directory) {
        Session session = resolver.continueLatestOrCreate(directory);
        open.put(session.id(), session);
        return session;
    }

    /** What the editor needs to render {@code session}; its feed starts when this is sent. */
    synchronized SessionOpened view(Session session) {
        List<Event> events = session.eventsAfter(0);
        long seq = events.isEmpty() ? 0 : events.getLast().seq();
        Snapshot snapshot = session.snapshot();
        SessionOpened opened =
                new SessionOpened(session.id(), new Cursor(session.cursor().epoch(), seq), snapshot, events);
        feedsAwaitingResponse.put(opened, () -> startFeed(session, seq));
        return opened;
    }

    /** Called with the result of every response written to the editor. */
    void responseSent(Object result) {
        Runnable startFeed;
        synchronized (this) {
            startFeed = result instanceof SessionOpened opened ? feedsAwaitingResponse.remove(opened) : null;
        }
        if (startFeed != null) {
            startFeed.run();
        }
    }

    synchronized List<SessionSummary> list(Predicate<String> online) {
        return store.list().stream()
                .map(info -> summary(info, online.test(info.id())))
                .toList();
    }

    private SessionSummary summary(SessionInfo info, boolean online) {
        Session session = open.get(info.id());
        Snapshot snapshot = session == null ? null : session.snapshot();
        return new SessionSummary(
                info.id(),
                info.title(),
                null,
                online,
                snapshot != null && snapshot.processing(),
                snapshot == null ? 0 : snapshot.pendingPermissions().size(),
                info.lastActivity(),
                null,
                // The editor is on the writer's side: its list is plaintext and needs no key.
                null,
                null);
    }

    private synchronized void startFeed(Session session, long afterSeq) {
        String id = session.id();
        Session.Subscription previous = feeds.remove(id);
        if (previous != null) {
            previous.close(); // the editor opened it again: one feed, not two
        }
        feeds.put(id, session.subscribe(afterSeq, new SessionListener() {
            @Override
            public void onEvents(List<Event> events) {
                notifier.sessionEvents(id, events);
            }

            @Override
            public void onDelta(String messageId, String text) {
                notifier.delta(id, messageId, text);
            }
        }));
    }

    /** Ends every feed and closes every session this editor opened. */
    @Override
    public synchronized void close() {
        feeds.values().forEach(Session.Subscription::close);
        feeds.clear();
        feedsAwaitingResponse.clear();
        open.values().forEach(Session::close);
        open.clear();
    }
}
