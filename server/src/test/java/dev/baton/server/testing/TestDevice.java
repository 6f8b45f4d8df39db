package dev.baton.server.testing;

import dev.baton.protocol.Json;
import dev.baton.protocol.ProtocolVersion;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.DeviceToRelay;
import dev.baton.protocol.frame.Frames;
import dev.baton.protocol.frame.RelayToDevice;
import dev.baton.protocol.relay.RelayApi.DeviceRegistration;
import dev.baton.protocol.relay.RelayApi.RedeemPairing;
import dev.baton.protocol.relay.RelayApi.Ticket;
import dev.baton.protocol.seal.SessionSeal;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * A phone, as far as the relay can tell: pairs with the code and takes the content key from a pairing URL's
 * fragment, subscribes to a session, opens what it receives and seals the inputs it sends.
 */
public final class TestDevice implements AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final Pattern PAIRING_URL =
            Pattern.compile("(https?://[^#]+)/s/[^#]+#pair=([^&]+)&key=([A-Za-z0-9_-]+)");

    private final OkHttpClient http = new OkHttpClient();
    private final URI relay;
    private final String token;
    private final String deviceId;
    private final byte[] contentKey;
    private final List<RelayToDevice> frames = new CopyOnWriteArrayList<>();
    private WebSocket socket;
    private volatile String sessionId;

    private TestDevice(URI relay, String token, String deviceId, byte[] contentKey) {
        this.relay = relay;
        this.token = token;
        this.deviceId = deviceId;
        this.contentKey = contentKey;
    }

    /** Pairs from {@code {relay}/s/{id}#pair={code}&key={contentKey}}, what every surface shows. */
    public static TestDevice pair(String pairingUrl) throws IOException {
        return pair(pairingUrl, "test phone");
    }

    public static TestDevice pair(String pairingUrl, String name) throws IOException {
        Matcher url = PAIRING_URL.matcher(pairingUrl);
        if (!url.matches()) {
            throw new AssertionError("not a pairing URL with a code and a key: " + pairingUrl);
        }
        URI relay = URI.create(url.group(1));
        TestDevice unpaired = new TestDevice(relay, null, null, null);
        DeviceRegistration registration = unpaired.post(
                "/v1/pairings/redeem", null, new RedeemPairing(url.group(2), name), DeviceRegistration.class);
        unpaired.http.dispatcher().executorService().shutdown();
        return new TestDevice(
                relay,
                registration.deviceToken(),
                registration.deviceId(),
                Base64.getUrlDecoder().decode(url.group(3)));
    }

    public String token() {
        return token;
    }

    public String deviceId() {
        return deviceId;
    }

    /** Opens the session's device stream and subscribes from scratch. */
    public void subscribe(String sessionId) throws IOException {
        this.sessionId = sessionId;
        Ticket ticket = post("/v1/sessions/" + sessionId + "/tickets", token, null, Ticket.class);
        socket = http.newWebSocket(
                new Request.Builder()
                        .url(relay + "/v1/sessions/" + sessionId + "/client?ticket=" + ticket.ticket())
                        .build(),
                new WebSocketListener() {
                    @Override
                    public void onMessage(WebSocket webSocket, String text) {
                        RelayToDevice frame = Json.decode(text, RelayToDevice.class);
                        if (frame instanceof Frames.Ping) {
                            webSocket.send(Json.write(new Frames.Pong()));
                        }
                        frames.add(frame);
                    }
                });
        send(new Frames.Subscribe(null, ProtocolVersion.CURRENT));
    }

    /** Sends {@code input} sealed; needs the session's key, which the first {@code sync} brings. */
    public void send(String inputId, Input input) {
        Await.until(
                "the session's key from a sync",
                () -> lastSync() != null && lastSync().key() != null);
        send(seal().input(inputId, input));
    }

    /** Every event received so far, from {@code sync} and live {@code events} frames, opened. */
    public List<Event> events() {
        List<Event> events = new ArrayList<>();
        String epoch = null;
        SessionSeal seal = null;
        for (RelayToDevice frame : frames) {
            if (frame instanceof Frames.Sync sync) {
                epoch = sync.epoch();
                seal = sync.key() == null ? null : SessionSeal.unwrap(contentKey, sessionId, sync.key());
                for (SealedEvent event : sync.events()) {
                    events.add(seal.open(epoch, event));
                }
            } else if (frame instanceof Frames.EventsFrame live) {
                for (SealedEvent event : live.events()) {
                    events.add(seal.open(epoch, event));
                }
            }
        }
        return events;
    }

    private Frames.Sync lastSync() {
        Frames.Sync last = null;
        for (RelayToDevice frame : frames) {
            if (frame instanceof Frames.Sync sync) {
                last = sync;
            }
        }
        return last;
    }

    private SessionSeal seal() {
        return SessionSeal.unwrap(contentKey, sessionId, lastSync().key());
    }

    public void awaitEvent(String what, Predicate<Event> matching) {
        Await.until(what, () -> events().stream().anyMatch(matching));
    }

    public List<RelayToDevice> frames() {
        return frames;
    }

    private void send(DeviceToRelay frame) {
        socket.send(Json.write(frame));
    }

    private <T> T post(String path, String bearer, Object body, Class<T> answer) throws IOException {
        Request.Builder request = new Request.Builder()
                .url(relay + path)
                .post(RequestBody.create(body == null ? "{}" : Json.write(body), JSON));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try (Response response = http.newCall(request.build()).execute()) {
            String text = response.body().string();
            if (!response.isSuccessful()) {
                throw new IOException(path + " answered " + response.code() + ": " + text);
            }
            return Json.decode(text, answer);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close(1000, null);
        }
        http.dispatcher().executorService().shutdown();
    }
}
