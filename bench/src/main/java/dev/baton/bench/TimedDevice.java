package dev.baton.bench;

import dev.baton.fixtures.DeviceClient;
import dev.baton.fixtures.RelayHttp;
import dev.baton.protocol.Json;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.DeviceToRelay;
import dev.baton.protocol.frame.Frames;
import dev.baton.protocol.frame.RelayToDevice;
import dev.baton.protocol.seal.SessionSeal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.WebSocket;

/**
 * One device's stream to one session, reduced to what a benchmark times: when ({@link System#nanoTime()}
 * at receipt, on the socket's reader thread) the first committed event carrying an inputId arrived, when
 * the relay said it queued an input, and when presence changed. Unlike the test fixtures' device it keeps
 * no copy of the log, so thousands of inputs cost no more per frame than the first.
 */
public final class TimedDevice implements AutoCloseable {
    private final DeviceClient device;
    private final String sessionId;
    private final Map<String, CompletableFuture<Long>> committed = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Long>> queued = new ConcurrentHashMap<>();
    private final List<PresenceWaiter> presenceWaiters = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Frames.Sync> synced = new CompletableFuture<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean online;
    /** Opens and seals the session's content with the key the first sync brought. */
    private volatile SessionSeal seal;

    private volatile WebSocket socket;

    private record PresenceWaiter(boolean online, CompletableFuture<Long> arrival) {}

    private TimedDevice(DeviceClient device, String sessionId) {
        this.device = device;
        this.sessionId = sessionId;
    }

    /** Opens the session's device stream and subscribes with no cursor; returns once synced. */
    public static TimedDevice follow(DeviceClient device, String sessionId) throws Exception {
        TimedDevice timed = new TimedDevice(device, sessionId);
        timed.open();
        timed.synced.get(15, TimeUnit.SECONDS);
        return timed;
    }

    /** When the first committed event stamped {@code inputId} arrived; ask before sending. */
    public CompletableFuture<Long> committed(String inputId) {
        return committed.computeIfAbsent(inputId, id -> new CompletableFuture<>());
    }

    /** When the relay answered {@code inputQueued} for {@code inputId}; ask before sending. */
    public CompletableFuture<Long> queued(String inputId) {
        return queued.computeIfAbsent(inputId, id -> new CompletableFuture<>());
    }

    /** When the next {@code presence} frame saying {@code online} arrives (from now on). */
    public CompletableFuture<Long> nextPresence(boolean value) {
        PresenceWaiter waiter = new PresenceWaiter(value, new CompletableFuture<>());
        presenceWaiters.add(waiter);
        return waiter.arrival();
    }

    /** Whether the host was online by the last sync or presence frame. */
    public boolean online() {
        return online;
    }

    public void send(String inputId, Input input) {
        String frame = Json.write(seal.input(inputId, input));
        if (!socket.send(frame)) {
            throw new IllegalStateException("the device stream of session " + sessionId + " is closed");
        }
    }

    /** Error frames, undecodable frames and stream ends: anything a clean run never shows. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void close() {
        socket.close(1000, "benchmark done");
    }

    private void open() {
        String ticket = device.ticket(sessionId).ticket();
        String path =
                "/v1/sessions/" + sessionId + "/client?ticket=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8);
        socket = device.http().openWebSocket(path, null, new RelayHttp.StreamHandler() {
            @Override
            public void onText(String text) {
                receive(System.nanoTime(), text);
            }

            @Override
            public void onClosed(int code, String reason) {
                problems.add("stream ended: " + code + " " + reason);
                synced.completeExceptionally(new IllegalStateException("stream ended: " + code + " " + reason));
            }
        });
        socket.send(Json.write(new Frames.Subscribe(null)));
    }

    private void receive(long at, String text) {
        RelayToDevice frame;
        try {
            frame = Json.decode(text, RelayToDevice.class);
        } catch (ProtocolException e) {
            problems.add("undecodable frame: " + text);
            return;
        }
        switch (frame) {
            case Frames.Sync sync -> {
                if (seal == null && sync.key() != null) {
                    seal = SessionSeal.unwrap(device.contentKey(), sessionId, sync.key());
                }
                online = sync.online();
                synced.complete(sync);
            }
            case Frames.EventsFrame events -> {
                for (SealedEvent event : events.events()) {
                    if (event.inputId() != null) {
                        committed(event.inputId()).complete(at);
                    }
                }
            }
            case Frames.Presence presence -> {
                online = presence.online();
                for (PresenceWaiter waiter : presenceWaiters) {
                    if (waiter.online() == presence.online()) {
                        waiter.arrival().complete(at);
                        presenceWaiters.remove(waiter);
                    }
                }
            }
            case Frames.InputQueued inputQueued -> queued(inputQueued.inputId()).complete(at);
            case Frames.ErrorFrame error -> {
                problems.add("error " + error.code() + ": " + error.message());
                if (error.inputId() != null) {
                    committed(error.inputId())
                            .completeExceptionally(new IllegalStateException(error.code() + ": " + error.message()));
                }
            }
            case Frames.Ping ping -> socket.send(Json.write((DeviceToRelay) new Frames.Pong()));
            default -> {}
        }
    }
}
