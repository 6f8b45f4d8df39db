package dev.baton.bench.fleet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A WebSocket client (the JDK's) that hands every whole text message, with its arrival time, to a
 * receiver, and sends one message at a time as the JDK requires. The JDK client shares one selector
 * among all its sockets, so tens of thousands of them cost no thread each.
 */
public final class TextSocket implements WebSocket.Listener {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    /** Called on the client's thread for one socket at a time; must not block. */
    public interface Receiver {
        void receive(long arrivedNanos, String text);
    }

    private final Receiver receiver;
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<TextSocket> opened = new CompletableFuture<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private CompletableFuture<WebSocket> sending; // guarded by this
    private volatile WebSocket socket;

    private TextSocket(Receiver receiver) {
        this.receiver = receiver;
    }

    /** Opens {@code uri}; completes once the upgrade succeeded. */
    public static CompletableFuture<TextSocket> open(HttpClient http, URI uri, Receiver receiver) {
        TextSocket text = new TextSocket(receiver);
        http.newWebSocketBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .buildAsync(uri, text)
                .whenComplete((socket, failure) -> {
                    if (failure != null) {
                        text.opened.completeExceptionally(failure);
                        text.ended.complete("failed: " + failure);
                    }
                });
        return text.opened;
    }

    /** Queues {@code text} behind whatever this socket is still sending. */
    public synchronized void send(String text) {
        sending = sending.thenCompose(open -> open.sendText(text, true));
    }

    /** Completes with why the socket ended (a close or a failure). */
    public CompletableFuture<String> ended() {
        return ended;
    }

    /** Drops the connection without a closing handshake: the quickest way to let go of thousands. */
    public void abort() {
        WebSocket open = socket;
        if (open != null) {
            open.abort();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        synchronized (this) {
            socket = webSocket;
            sending = CompletableFuture.completedFuture(webSocket);
        }
        webSocket.request(1);
        opened.complete(this);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long at = System.nanoTime();
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            receiver.receive(at, text);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended.complete("closed " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        opened.completeExceptionally(error);
        ended.complete("failed: " + error);
    }
}
