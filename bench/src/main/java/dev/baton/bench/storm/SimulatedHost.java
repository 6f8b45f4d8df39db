package dev.baton.bench.storm;

import dev.baton.bench.fleet.Opaque;
import dev.baton.bench.fleet.RelayCalls;
import dev.baton.protocol.Json;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.ProtocolVersion;
import dev.baton.protocol.SealedSnapshot;
import dev.baton.protocol.SessionKey;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames;
import dev.baton.protocol.frame.HostToRelay;
import dev.baton.protocol.frame.RelayToHost;
import dev.baton.protocol.relay.RelayApi.CreateEnvironment;
import dev.baton.protocol.relay.RelayApi.CreatePairing;
import dev.baton.protocol.relay.RelayApi.EnvironmentRegistration;
import dev.baton.protocol.relay.RelayApi.Pairing;
import dev.baton.protocol.relay.RelayApi.RegisterSession;
import dev.baton.protocol.relay.RelayApi.SessionRegistration;
import dev.baton.protocol.relay.SpawnMode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A backend reduced to its network behaviour: it registers an environment and a session through the
 * relay's real HTTP API, and hosts that session over the real host stream ({@code hello}, one committed
 * event after the first {@code welcome}, {@code pong} for every {@code ping}). It keeps no log and runs
 * no session, so a thousand of them fit beside the relay on one small machine. All of them share one
 * non-blocking JDK HTTP client; each stream still has its own TCP connection.
 */
public final class SimulatedHost {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI base;
    private final String name;
    private final String epoch = UUID.randomUUID().toString();
    /** The session's wrapped data key, as its hello carries it; only its length is real. */
    private final SessionKey key = Opaque.key();

    private EnvironmentRegistration environment;
    private SessionRegistration session;
    private volatile Stream stream;

    /** @param base where this host dials the relay (through its proxy), without a trailing slash */
    public SimulatedHost(HttpClient http, URI base, String name) {
        this.http = http;
        this.base = base;
        this.name = name;
    }

    /** {@code POST /v1/environments}, then {@code POST /v1/environments/{id}/sessions}. */
    public void register(String accountToken) throws IOException, InterruptedException {
        environment = post(
                "/v1/environments",
                accountToken,
                new CreateEnvironment(
                        Opaque.seal(name),
                        Opaque.seal("storm"),
                        Opaque.seal("/storm/" + name),
                        SpawnMode.SINGLE_SESSION,
                        1),
                EnvironmentRegistration.class);
        session = post(
                "/v1/environments/" + environment.environmentId() + "/sessions",
                environment.environmentToken(),
                new RegisterSession(null, null), // a new session names itself in its hello's snapshot
                SessionRegistration.class);
    }

    public String sessionId() {
        return session.sessionId();
    }

    /** A pairing code for this host's session, for a device that watches the whole account. */
    public Pairing pairing() throws IOException, InterruptedException {
        return post(
                "/v1/environments/" + environment.environmentId() + "/pairings",
                environment.environmentToken(),
                new CreatePairing(session.sessionId()),
                Pairing.class);
    }

    /**
     * Opens the host stream and says {@code hello}; completes with the arrival time ({@link System#nanoTime()})
     * of the relay's {@code welcome}, the moment the relay counts this host online.
     */
    public CompletableFuture<Long> connect() {
        Stream next = new Stream();
        stream = next;
        http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + session.sessionToken())
                .connectTimeout(TIMEOUT)
                .buildAsync(
                        URI.create("ws" + base.toString().substring("http".length()) + "/v1/sessions/"
                                + session.sessionId() + "/host"),
                        next)
                .whenComplete((socket, failure) -> {
                    if (failure != null) {
                        next.welcome.completeExceptionally(failure);
                        next.ended.complete(null);
                    }
                });
        return next.welcome;
    }

    /** Completes when the current stream has ended, by a close or a failure. */
    public CompletableFuture<Void> ended() {
        return stream.ended;
    }

    /**
     * Sends committed events on the current stream, as a backend does after each commit; the events
     * must continue the log's seq (this host's log starts with seq 1, sent after the first welcome).
     */
    public void send(List<SealedEvent> events) {
        stream.send(new Frames.EventsFrame(events));
    }

    private <T> T post(String path, String token, Object body, Class<T> answer)
            throws IOException, InterruptedException {
        return RelayCalls.post(http, base, path, token, body, answer);
    }

    /** One connection's listener: assembles text frames and answers the relay. */
    private final class Stream implements WebSocket.Listener {
        final CompletableFuture<Long> welcome = new CompletableFuture<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private CompletableFuture<WebSocket> sending; // guarded by this: the JDK allows one send at a time

        @Override
        public void onOpen(WebSocket socket) {
            sending = CompletableFuture.completedFuture(socket);
            SealedSnapshot snapshot = new SealedSnapshot(Opaque.seal(name), false, List.of(), true);
            // Like the backend's host stream, which keeps its log and resends from welcome: no acks.
            send(new Frames.Hello(ProtocolVersion.CURRENT, epoch, 1, snapshot, key, false));
            socket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            long at = System.nanoTime();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                receive(at, text);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            end(new IOException("closed " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            end(error);
        }

        private void receive(long at, String text) {
            RelayToHost frame;
            try {
                frame = Json.decode(text, RelayToHost.class);
            } catch (ProtocolException e) {
                end(e);
                return;
            }
            switch (frame) {
                case Frames.Welcome welcome -> {
                    if (welcome.storedSeq() < 1) {
                        // The log's one event, sent once the relay says it does not hold it.
                        SealedEvent named = new SealedEvent(
                                1,
                                Instant.now(),
                                "title",
                                null,
                                "terminal",
                                null,
                                null,
                                Opaque.seal(Json.write(new EventBody.Title(name, "name"))));
                        send(new Frames.EventsFrame(List.of(named)));
                    }
                    this.welcome.complete(at);
                }
                case Frames.Ping ping -> send(new Frames.Pong());
                case Frames.ErrorFrame error -> end(
                        new IOException("relay error " + error.code() + ": " + error.message()));
                default -> {}
            }
        }

        private synchronized void send(HostToRelay frame) {
            String text = Json.write(frame);
            sending = sending.thenCompose(socket -> socket.sendText(text, true));
        }

        private void end(Throwable why) {
            welcome.completeExceptionally(why);
            ended.complete(null);
        }
    }
}
