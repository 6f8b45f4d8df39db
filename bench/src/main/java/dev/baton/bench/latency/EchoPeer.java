package dev.baton.bench.latency;

import dev.baton.bench.fleet.Opaque;
import dev.baton.fixtures.RelayHttp;
import dev.baton.protocol.Json;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.frame.DeviceToRelay;
import dev.baton.protocol.frame.Frames;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.WebSocket;

/**
 * The baseline's client: sends the very input frame a device sends, over the same OkHttp client, and
 * decodes the echo the way a device decodes a relay frame, so both sides of the ratio pay the same
 * client costs.
 */
final class EchoPeer implements AutoCloseable {
    private final Map<String, CompletableFuture<Long>> pending = new ConcurrentHashMap<>();
    private final WebSocket socket;

    EchoPeer(URI echoUrl) {
        URI base = echoUrl.resolve("/");
        socket = new RelayHttp(URI.create(base.toString().replaceAll("/$", "")))
                .openWebSocket(echoUrl.getPath(), null, new RelayHttp.StreamHandler() {
                    @Override
                    public void onText(String text) {
                        long at = System.nanoTime();
                        if (Json.decode(text, DeviceToRelay.class) instanceof Frames.InputFrame echoed) {
                            CompletableFuture<Long> waiting = pending.remove(echoed.inputId());
                            if (waiting != null) {
                                waiting.complete(at);
                            }
                        }
                    }

                    @Override
                    public void onClosed(int code, String reason) {
                        IllegalStateException ended = new IllegalStateException("echo stream ended: " + reason);
                        pending.values().forEach(waiting -> waiting.completeExceptionally(ended));
                    }
                });
    }

    /** Sends {@code input}; completes with the arrival time of its echo. */
    CompletableFuture<Long> roundTrip(String inputId, Input input) {
        CompletableFuture<Long> echo = new CompletableFuture<>();
        pending.put(inputId, echo);
        // Sealed as a device seals it, so the echo carries the bytes the relay hop does.
        socket.send(Json.write(new Frames.InputFrame(inputId, null, Opaque.seal(Json.write(input)))));
        return echo;
    }

    @Override
    public void close() {
        socket.close(1000, "benchmark done");
    }
}
