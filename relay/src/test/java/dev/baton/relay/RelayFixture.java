package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.relay.RelayApi.CreateEnvironment;
import dev.baton.protocol.relay.RelayApi.DeviceRegistration;
import dev.baton.protocol.relay.RelayApi.EnvironmentRegistration;
import dev.baton.protocol.relay.RelayApi.Pairing;
import dev.baton.protocol.relay.RelayApi.RedeemPairing;
import dev.baton.protocol.relay.RelayApi.RegisterSession;
import dev.baton.protocol.relay.RelayApi.SessionRegistration;
import dev.baton.protocol.relay.RelayApi.Ticket;
import dev.baton.protocol.relay.SpawnMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/** A real relay on 127.0.0.1 with an account, an environment, a session and a paired device. */
final class RelayFixture implements AutoCloseable {
    final TestClock clock = new TestClock();
    final OkHttpClient client;
    private final List<AutoCloseable> open = new ArrayList<>();
    Relay relay;
    Http http;
    String accountToken;
    EnvironmentRegistration environment;
    SessionRegistration session;
    DeviceRegistration device;

    RelayFixture(RelayConfig config) throws Exception {
        this(config, new OkHttpClient.Builder());
    }

    /** @param client how to reach the relay (a TLS relay needs a client that trusts its certificate) */
    RelayFixture(RelayConfig config, OkHttpClient.Builder client) throws Exception {
        this.client = client.readTimeout(40, TimeUnit.SECONDS).build();
        start(config.withPort(0).withClock(clock));
        accountToken = relay.createAccountToken("ada");
        environment = createEnvironment(SpawnMode.SINGLE_SESSION, 0);
        session = registerSession("session-one", "First");
        device = pair("phone");
    }

    RelayFixture() throws Exception {
        this(RelayConfig.defaults());
    }

    /** A fixture with the default relay, for a field initialiser (closed by {@code @AutoClose}). */
    static RelayFixture started() {
        try {
            return new RelayFixture();
        } catch (Exception e) {
            throw new IllegalStateException("the test relay did not start", e);
        }
    }

    void start(RelayConfig config) throws Exception {
        relay = Relay.start(config);
        http = new Http(client, relay.url());
    }

    EnvironmentRegistration createEnvironment(SpawnMode mode, int capacity) {
        Http.Reply reply = http.post(
                "/v1/environments",
                accountToken,
                new CreateEnvironment(
                        TestSeal.environment("name", "laptop"),
                        TestSeal.environment("hostname", "laptop.local"),
                        TestSeal.environment("directory", "/work"),
                        mode,
                        capacity));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.as(EnvironmentRegistration.class);
    }

    SessionRegistration registerSession(String sessionId, String title) {
        Http.Reply reply = http.post(
                "/v1/environments/" + environment.environmentId() + "/sessions",
                environment.environmentToken(),
                new RegisterSession(sessionId, TestSeal.title(title)));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.as(SessionRegistration.class);
    }

    DeviceRegistration pair(String name) {
        Http.Reply redeemed = http.post("/v1/pairings/redeem", null, new RedeemPairing(pairingCode(), name));
        assertThat(redeemed.status()).as(redeemed.text()).isEqualTo(200);
        return redeemed.as(DeviceRegistration.class);
    }

    /** A new pairing code, made by the fixture's environment (as {@code baton remote-control} makes one). */
    String pairingCode() {
        Http.Reply pairing = http.post(
                "/v1/environments/" + environment.environmentId() + "/pairings",
                environment.environmentToken(),
                Map.of());
        assertThat(pairing.status()).as(pairing.text()).isEqualTo(200);
        return pairing.as(Pairing.class).pairingCode();
    }

    String ticket(String deviceToken, String sessionId) {
        Http.Reply reply = http.post("/v1/sessions/" + sessionId + "/tickets", deviceToken, Map.of());
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.as(Ticket.class).ticket();
    }

    String wsUrl(String path) {
        return relay.url().toString().replaceFirst("^http", "ws") + path;
    }

    /** A host stream for the fixture's session, not yet said hello. */
    Stream host() {
        return track(
                Stream.open(client, wsUrl("/v1/sessions/" + session.sessionId() + "/host"), session.sessionToken()));
    }

    /** A host stream that said hello for {@code epoch} and got its welcome. */
    Stream hostWithHello(String epoch, long lastSeq) {
        Stream host = host();
        host.send(TestSeal.hello(epoch, lastSeq, new Snapshot("First", false, List.of(), false)));
        host.next("welcome");
        return host;
    }

    /** A device stream for the fixture's session and device, not yet subscribed. */
    Stream device() {
        return device(device.deviceToken());
    }

    Stream device(String deviceToken) {
        String ticket = ticket(deviceToken, session.sessionId());
        return track(
                Stream.open(client, wsUrl("/v1/sessions/" + session.sessionId() + "/client?ticket=" + ticket), null));
    }

    static SealedEvent message(long seq, String text) {
        return TestSeal.sealed(new Event(
                seq,
                Instant.parse("2025-01-01T00:00:00Z").plusSeconds(seq),
                null,
                "terminal",
                new EventBody.UserMessage(text)));
    }

    static SealedEvent answering(long seq, String inputId, String deviceId) {
        return TestSeal.sealed(new Event(
                seq,
                Instant.parse("2025-01-01T00:00:00Z").plusSeconds(seq),
                inputId,
                deviceId,
                new EventBody.UserMessage("hi")));
    }

    static List<SealedEvent> messages(long from, long to) {
        List<SealedEvent> events = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            events.add(message(seq, "message " + seq));
        }
        return events;
    }

    <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable resource : open.reversed()) {
            resource.close();
        }
        if (relay != null) {
            relay.close();
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
