package dev.baton.bench.fleet;

import dev.baton.protocol.Json;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.DeviceToRelay;
import dev.baton.protocol.frame.Frames;
import dev.baton.protocol.frame.RelayToDevice;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A socket that receives {@code events} frames and decodes them as a device does: a device stream of
 * one session (subscribed, answering the relay's pings), or a socket to the echo server, which sends
 * back the very frames a host sends. Both sides of a ratio thus pay the same client costs.
 */
public final class EventSocket {
    /** Where arriving events go; called on the client's thread, so it must not block. */
    public interface Listener {
        void arrived(long arrivedNanos, List<SealedEvent> events);
    }

    private final CompletableFuture<Frames.Sync> synced = new CompletableFuture<>();
    private final AtomicReference<String> problem = new AtomicReference<>();
    private volatile Listener listener = (at, events) -> {};
    private volatile TextSocket socket;

    private EventSocket() {}

    /**
     * Opens the device stream of {@code sessionId} with a stream ticket and subscribes from the start;
     * completes once the relay has sent {@code sync}.
     */
    public static CompletableFuture<EventSocket> device(HttpClient http, URI relay, String sessionId, String ticket) {
        EventSocket device = new EventSocket();
        URI uri = RelayCalls.webSocket(
                relay,
                "/v1/sessions/" + sessionId + "/client?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8));
        return TextSocket.open(http, uri, device::receive)
                .thenCompose(open -> {
                    device.socket = open;
                    open.ended().thenAccept(why -> device.synced.completeExceptionally(new IllegalStateException(why)));
                    open.send(Json.write((DeviceToRelay) new Frames.Subscribe(null)));
                    return device.synced;
                })
                .thenApply(sync -> device);
    }

    /** Opens a socket to the echo server at {@code uri}. */
    public static CompletableFuture<EventSocket> echo(HttpClient http, URI uri) {
        EventSocket echo = new EventSocket();
        return TextSocket.open(http, uri, echo::receive).thenApply(open -> {
            echo.socket = open;
            return echo;
        });
    }

    public void listen(Listener value) {
        listener = value;
    }

    /** Sends {@code events} as a host's {@code events} frame (for the echo server to send back). */
    public void send(List<SealedEvent> events) {
        socket.send(Json.write(new Frames.EventsFrame(events)));
    }

    /** The first error frame, undecodable frame or early end; null in a clean run. */
    public String problem() {
        String ended = socket == null ? null : socket.ended().getNow(null);
        return problem.get() != null ? problem.get() : ended;
    }

    public void abort() {
        if (socket != null) {
            socket.abort();
        }
    }

    private void receive(long at, String text) {
        RelayToDevice frame;
        try {
            frame = Json.decode(text, RelayToDevice.class);
        } catch (ProtocolException e) {
            problem.compareAndSet(null, "undecodable frame: " + text);
            return;
        }
        switch (frame) {
            case Frames.EventsFrame events -> listener.arrived(at, events.events());
            case Frames.Sync sync -> synced.complete(sync);
            case Frames.Ping ping -> socket.send(Json.write((DeviceToRelay) new Frames.Pong()));
            case Frames.ErrorFrame error -> problem.compareAndSet(
                    null, "error " + error.code() + ": " + error.message());
            default -> {}
        }
    }
}
