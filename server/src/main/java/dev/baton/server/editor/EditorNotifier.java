package dev.baton.server.editor;

import dev.baton.editor.jsonrpc.BatonEditor;
import dev.baton.protocol.editor.ConnectionReason;
import dev.baton.protocol.editor.ConnectionState;
import dev.baton.protocol.editor.EditorApi.ConnectionStatus;
import dev.baton.protocol.editor.EditorApi.Delta;
import dev.baton.protocol.editor.EditorApi.SessionEvent;
import dev.baton.protocol.event.Event;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Sends notifications to the editor from one thread, in the order they were posted. Session and
 * connection listeners must not block, and writing to a slow editor may.
 */
final class EditorNotifier implements AutoCloseable {
    private final ExecutorService outbox = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("editor-notifications").daemon().factory());
    private volatile BatonEditor editor;

    void connect(BatonEditor remote) {
        this.editor = remote;
    }

    void sessionEvents(String sessionId, List<Event> events) {
        outbox.execute(() -> events.forEach(event -> editor.sessionEvent(new SessionEvent(sessionId, event))));
    }

    void delta(String sessionId, String messageId, String text) {
        outbox.execute(() -> editor.delta(new Delta(sessionId, messageId, text)));
    }

    void connectionStatus(ConnectionState state, String url, String detail, ConnectionReason reason) {
        outbox.execute(() -> editor.connectionStatus(new ConnectionStatus(state, url, detail, reason)));
    }

    /** Sends what is already posted (briefly), then stops. */
    @Override
    public void close() throws InterruptedException {
        outbox.shutdown();
        outbox.awaitTermination(2, TimeUnit.SECONDS);
    }
}
