package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * A test's end of a host or device stream: every frame it receives lands in a queue, and tests wait
 * for the frame they expect with a deadline. Like a live peer it answers the relay's pings.
 */
final class Stream implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final WebSocket socket;
    private volatile boolean answerPings = true;

    private Stream(OkHttpClient client, Request request) {
        socket = client.newWebSocket(request, new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                opened.complete(null);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                try {
                    JsonNode frame = Json.MAPPER.readTree(text);
                    if (answerPings && type("ping").test(frame)) {
                        webSocket.send("{\"type\":\"pong\"}");
                    }
                    frames.add(frame);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                webSocket.close(1000, null);
                closed.complete(code);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                closed.complete(code);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                opened.completeExceptionally(t);
                closed.complete(-1);
            }
        });
    }

    static Stream open(OkHttpClient client, String url, String bearer) {
        Request.Builder request = new Request.Builder().url(url);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        Stream stream = new Stream(client, request.build());
        stream.opened.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
        return stream;
    }

    /** Stops answering the relay's pings, like a peer that hung without closing its socket. */
    void stopAnsweringPings() {
        answerPings = false;
    }

    void send(Object frame) {
        sendText(frame instanceof String text ? text : Json.write(frame));
    }

    void sendText(String text) {
        assertThat(socket.send(text)).as("stream accepts a frame").isTrue();
    }

    /** The next frame (pings skipped) that matches {@code wanted}; frames before it are dropped. */
    JsonNode await(Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode frame = frames.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new AssertionError("no matching frame within " + TIMEOUT);
                }
                if (wanted.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The next frame that is not a ping, which must be of {@code type}. A host's {@code viewers} frames come
     * whenever devices come and go, so they are skipped too unless they are what is asked for.
     */
    JsonNode next(String type) {
        // Pings and the informational extensions (viewers, devices_changed) come whenever; skipped unless asked for.
        JsonNode frame = await(f -> !f.path("type").asText().equals("ping")
                && (type.equals("viewers") || !f.path("type").asText().equals("viewers"))
                && (type.equals("devices_changed") || !f.path("type").asText().equals("devices_changed")));
        assertThat(frame.path("type").asText()).as("frame %s", frame).isEqualTo(type);
        return frame;
    }

    static Predicate<JsonNode> type(String type) {
        return frame -> frame.path("type").asText().equals(type);
    }

    /** Waits for the relay to close the stream and returns the close code. */
    int awaitClosed() {
        return closed.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        socket.close(1000, "test done");
    }
}
