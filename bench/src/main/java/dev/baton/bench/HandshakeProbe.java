package dev.baton.bench;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * The floor under any reconnect: a fresh TCP connection plus a WebSocket upgrade, timed from the dial
 * to the server's 101, with the same client library the backend uses.
 */
public final class HandshakeProbe {
    private static final OkHttpClient CLIENT =
            new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).build();

    private HandshakeProbe() {}

    /** Opens a WebSocket to {@code url} and closes it again; returns how long the opening took. */
    public static long nanosToOpen(URI url) throws Exception {
        CompletableFuture<Long> opened = new CompletableFuture<>();
        long start = System.nanoTime();
        WebSocket socket =
                CLIENT.newWebSocket(new Request.Builder().url(url.toString()).build(), new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket webSocket, Response response) {
                        opened.complete(System.nanoTime());
                    }

                    @Override
                    public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
                        opened.completeExceptionally(failure);
                    }
                });
        try {
            return opened.get(10, TimeUnit.SECONDS) - start;
        } finally {
            socket.close(1000, "probe done");
        }
    }
}
