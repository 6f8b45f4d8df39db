package dev.baton.server.testing;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.frame.DeviceToRelay;
import dev.baton.protocol.frame.Frames;
import dev.baton.protocol.frame.RelayToDevice;
import dev.baton.protocol.relay.RelayApi.DeviceRegistration;
import dev.baton.protocol.relay.RelayApi.RedeemPairing;
import dev.baton.protocol.relay.RelayApi.Ticket;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** A phone, as far as the relay can tell: pairs with a code, subscribes to a session, sends inputs. */
public final class TestDevice implements AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http = new OkHttpClient();
    private final URI relay;
    private final String token;
    private final String deviceId;
    private final List<RelayToDevice> frames = new CopyOnWriteArrayList<>();
    private WebSocket socket;

    private TestDevice(URI relay, String token, String deviceId) {
        this.relay = relay;
        this.token = token;
        this.deviceId = deviceId;
    }

    public static TestDevice pair(URI relay, String pairingCode) throws IOException {
        return pair(relay, pairingCode, "test phone");
    }

    public static TestDevice pair(URI relay, String pairingCode, String name) throws IOException {
        TestDevice unpaired = new TestDevice(relay, null, null);
        DeviceRegistration registration = unpaired.post(
                "/v1/pairings/redeem", null, new RedeemPairing(pairingCode, name), DeviceRegistration.class);
        unpaired.http.dispatcher().executorService().shutdown();
        return new TestDevice(relay, registration.deviceToken(), registration.deviceId());
    }

    public String token() {
        return token;
    }

    public String deviceId() {
        return deviceId;
    }

    /** Opens the session's device stream and subscribes from scratch. */
    public void subscribe(String sessionId) throws IOException {
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
        send(new Frames.Subscribe(null));
    }

    public void send(String inputId, Input input) {
        send(new Frames.InputFrame(inputId, null, input));
    }

    /** Every event received so far, from {@code sync} and live {@code events} frames. */
    public List<Event> events() {
        return frames.stream()
                .flatMap(frame -> switch (frame) {
                    case Frames.Sync sync -> sync.events().stream();
                    case Frames.EventsFrame live -> live.events().stream();
                    default -> java.util.stream.Stream.<Event>empty();
                })
                .toList();
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
