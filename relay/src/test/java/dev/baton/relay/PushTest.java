package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.interaso.webpush.CryptoKt;
import com.sun.net.httpserver.HttpServer;
import dev.baton.protocol.Json;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.EventsFrame;
import dev.baton.protocol.frame.Frames.Ping;
import dev.baton.protocol.frame.Frames.Subscribe;
import dev.baton.protocol.frame.Frames.Visibility;
import dev.baton.protocol.relay.PushNotify;
import dev.baton.protocol.relay.RelayApi.DeviceRegistration;
import dev.baton.protocol.relay.RelayApi.PushKeys;
import dev.baton.protocol.relay.RelayApi.PushSubscription;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extension: Web Push for prompts nobody is looking at. A fake push service on 127.0.0.1 checks each
 * request the way a real one does (the VAPID JWT signed with the relay's key) and decrypts the payload
 * with the subscription's private key, as the browser would.
 */
class PushTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private RelayFixture fixture;
    private FakePushService push;

    @BeforeEach
    void start() throws Exception {
        fixture = new RelayFixture(RelayConfig.defaults().withPushToLoopback(true));
        push = new FakePushService();
    }

    @AfterEach
    void stop() throws Exception {
        push.close();
        fixture.close();
    }

    @Test
    void aPromptNobodyLooksAtSendsOnePushHoldingOnlyIdsAndTheKind() throws Exception {
        Subscriber phone = subscribe(fixture.device, "/phone", "prompts");
        Stream host = fixture.hostWithHello("epoch-a", 0);
        // The phone follows the session but its page is in the background: nobody is looking.
        Stream stream = fixture.device();
        stream.send(new Subscribe(null));
        stream.next("sync");
        stream.send(new Visibility(false));

        host.send(new EventsFrame(List.of(prompt(1, "call_1"))));
        Received received = push.next("/phone");
        assertOnlyIdsKindAndSealedTitle(phone.decrypt(received.body()), "permission", "call_1");
        assertThat(received.headers().get("urgency")).isEqualTo("high");
        assertThat(Integer.parseInt(received.headers().get("ttl"))).isBetween(1, 600);
        assertThat(received.headers().get("content-encoding")).isEqualTo("aes128gcm");
        verifyVapid(received.headers().get("authorization"));

        // The next prompt is the next push: the first one was sent once.
        host.send(new EventsFrame(List.of(prompt(2, "call_2"))));
        assertThat(phone.decrypt(push.next("/phone").body())).contains("\"requestId\":\"call_2\"");
        assertThat(push.count("/phone")).isEqualTo(2);
    }

    @Test
    void aDeviceLookingAtTheSessionMeansNoPush() throws Exception {
        Subscriber phone = subscribe(fixture.device, "/phone", "prompts");
        Stream host = fixture.hostWithHello("epoch-a", 0);
        Stream tablet = fixture.device(fixture.pair("tablet").deviceToken());
        tablet.send(new Subscribe(null));
        tablet.next("sync");
        tablet.send(new Visibility(true));
        tablet.send(new Ping());
        tablet.next("pong"); // the relay has taken the visibility in

        host.send(new EventsFrame(List.of(prompt(1, "seen"))));
        host.next("ack");
        // A prompt in another session, which nobody looks at, comes through; pushes leave in order, so
        // had the first one been sent it would be here first.
        Stream otherHost = fixture.track(Stream.open(
                fixture.client,
                fixture.wsUrl("/v1/sessions/session-two/host"),
                fixture.registerSession("session-two", "Second").sessionToken()));
        otherHost.send(TestSeal.hello("epoch-b", 0, null));
        otherHost.next("welcome");
        otherHost.send(new EventsFrame(List.of(prompt(1, "unseen"))));
        assertThat(phone.decrypt(push.next("/phone").body()))
                .contains("\"sessionId\":\"session-two\"")
                .contains("\"requestId\":\"unseen\"");
        assertThat(push.count("/phone")).isEqualTo(1);
    }

    @Test
    void settingsOffSendNothing() throws Exception {
        subscribe(fixture.device, "/quiet", "off");
        Subscriber tablet = subscribe(fixture.pair("tablet"), "/tablet", "prompts");
        Stream host = fixture.hostWithHello("epoch-a", 0);

        host.send(new EventsFrame(List.of(prompt(1, "call_1"))));
        assertThat(tablet.decrypt(push.next("/tablet").body())).contains("call_1");
        host.send(new EventsFrame(List.of(prompt(2, "call_2"))));
        assertThat(tablet.decrypt(push.next("/tablet").body())).contains("call_2");
        // call_2's push left after every push for call_1 was done with.
        assertThat(push.count("/quiet")).isZero();
    }

    @Test
    void aGoneSubscriptionIsDeleted() throws Exception {
        push.answer("/gone", 410);
        subscribe(fixture.device, "/gone", "prompts");
        Subscriber tablet = subscribe(fixture.pair("tablet"), "/tablet", "prompts");
        Stream host = fixture.hostWithHello("epoch-a", 0);

        host.send(new EventsFrame(List.of(prompt(1, "call_1"))));
        push.next("/gone");
        tablet.decrypt(push.next("/tablet").body());
        host.send(new EventsFrame(List.of(prompt(2, "call_2"))));
        tablet.decrypt(push.next("/tablet").body());
        host.send(new EventsFrame(List.of(prompt(3, "call_3"))));
        assertThat(tablet.decrypt(push.next("/tablet").body())).contains("call_3");
        assertThat(push.count("/gone"))
                .as("one push, answered 410, and never another")
                .isEqualTo(1);
    }

    @Test
    void aFinishedTurnIsPushedOnlyToDevicesThatAskedForTurns() throws Exception {
        Subscriber prompts = subscribe(fixture.device, "/prompts", "prompts");
        Subscriber turns = subscribe(fixture.pair("tablet"), "/turns", "turns");
        Stream host = fixture.hostWithHello("epoch-a", 0);

        host.send(new EventsFrame(List.of(event(1, new EventBody.Status(false)))));
        assertOnlyIdsKindAndSealedTitle(turns.decrypt(push.next("/turns").body()), "turn", null);
        host.send(new EventsFrame(List.of(prompt(2, "call_2"))));
        assertThat(turns.decrypt(push.next("/turns").body())).contains("call_2");
        assertThat(prompts.decrypt(push.next("/prompts").body())).contains("call_2");
        assertThat(push.count("/prompts")).isEqualTo(1);
    }

    @Test
    void subscriptionsAreCheckedAndDeletable() throws Exception {
        String token = fixture.device.deviceToken();
        String p256dh = B64.encodeToString(CryptoKt.getUncompressedBytes(
                (ECPublicKey) CryptoKt.generateSecp256r1KeyPair().getPublic()));
        String auth = B64.encodeToString(new byte[16]);
        Map<String, String> refused = Map.of(
                "http://push.example.com/x",
                "bad_request",
                "https://10.0.0.1/x",
                "bad_request",
                "https://localhost/x",
                "bad_request",
                "https://push.example.com/" + "x".repeat(3000),
                "too_large");
        refused.forEach((endpoint, code) -> {
            Http.Reply reply = fixture.http.post(
                    "/v1/devices/current/push",
                    token,
                    new PushSubscription(endpoint, new PushKeys(p256dh, auth), null));
            assertThat(reply.status()).as(endpoint).isIn(400, 413);
            assertThat(reply.errorCode()).as(endpoint).isEqualTo(code);
        });
        Http.Reply shortAuth = fixture.http.post(
                "/v1/devices/current/push",
                token,
                new PushSubscription("https://push.example.com/x", new PushKeys(p256dh, "AAAA"), PushNotify.PROMPTS));
        assertThat(shortAuth.errorMessage()).contains("keys.auth");
        Http.Reply notAPoint = fixture.http.post(
                "/v1/devices/current/push",
                token,
                new PushSubscription(
                        "https://push.example.com/x", new PushKeys(B64.encodeToString(new byte[65]), auth), null));
        assertThat(notAPoint.errorMessage()).contains("keys.p256dh");
        assertThat(fixture.http
                        .post(
                                "/v1/devices/current/push",
                                null,
                                new PushSubscription("https://push.example.com/x", new PushKeys(p256dh, auth), null))
                        .status())
                .isEqualTo(401);
        assertThat(fixture.http.get("/v1/push/vapid-key", null).status()).isEqualTo(401);

        assertThat(fixture.http
                        .post(
                                "/v1/devices/current/push",
                                token,
                                new PushSubscription("https://push.example.com/x", new PushKeys(p256dh, auth), null))
                        .status())
                .isEqualTo(204);
        assertThat(fixture.http
                        .get("/v1/devices/current/push", token)
                        .json()
                        .path("notify")
                        .asText())
                .isEqualTo("prompts");
        assertThat(fixture.http
                        .post(
                                "/v1/devices/current/push",
                                token,
                                new PushSubscription(
                                        "https://push.example.com/x", new PushKeys(p256dh, auth), PushNotify.TURNS))
                        .status())
                .isEqualTo(204);
        assertThat(fixture.http
                        .get("/v1/devices/current/push", token)
                        .json()
                        .path("notify")
                        .asText())
                .isEqualTo("turns");
        assertThat(fixture.http.delete("/v1/devices/current/push", token).status())
                .isEqualTo(204);
        Http.Reply none = fixture.http.get("/v1/devices/current/push", token);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.errorCode()).isEqualTo("not_found");
    }

    @Test
    void withoutTheTestFlagALoopbackEndpointIsRefused() throws Exception {
        try (RelayFixture strict = new RelayFixture()) {
            String p256dh = B64.encodeToString(CryptoKt.getUncompressedBytes(
                    (ECPublicKey) CryptoKt.generateSecp256r1KeyPair().getPublic()));
            Http.Reply reply = strict.http.post(
                    "/v1/devices/current/push",
                    strict.device.deviceToken(),
                    new PushSubscription(
                            push.url("/phone"), new PushKeys(p256dh, B64.encodeToString(new byte[16])), null));
            assertThat(reply.errorCode()).isEqualTo("bad_request");
        }
    }

    @Test
    void theVapidKeyIsKeptInTheDataDirectoryAcrossRestarts(@TempDir Path dataDir) throws Exception {
        String first;
        try (Relay relay = Relay.start(RelayConfig.defaults().withPort(0).withDataDir(dataDir))) {
            first = keyOf(relay);
        }
        try (Relay relay = Relay.start(RelayConfig.defaults().withPort(0).withDataDir(dataDir))) {
            assertThat(keyOf(relay)).isEqualTo(first);
        }
        assertThat(UNB64.decode(first)).hasSize(65);
    }

    private String keyOf(Relay relay) {
        Http http = new Http(fixture.client, relay.url());
        String user = "u" + System.nanoTime();
        String account = relay.createAccountToken(user);
        // A device of that account: environment, pairing code, redeem.
        Http.Reply environment = http.post(
                "/v1/environments",
                account,
                new dev.baton.protocol.relay.RelayApi.CreateEnvironment(
                        "laptop", "laptop.local", "/work", dev.baton.protocol.relay.SpawnMode.SINGLE_SESSION, 0));
        String id = environment.json().path("environmentId").asText();
        String envToken = environment.json().path("environmentToken").asText();
        String code = http.post("/v1/environments/" + id + "/pairings", envToken, Map.of())
                .json()
                .path("pairingCode")
                .asText();
        String device = http.post(
                        "/v1/pairings/redeem", null, new dev.baton.protocol.relay.RelayApi.RedeemPairing(code, "phone"))
                .json()
                .path("deviceToken")
                .asText();
        return http.get("/v1/push/vapid-key", device).json().path("publicKey").asText();
    }

    // ---- helpers

    /**
     * The payload names the session and the kind (and the prompt), and carries the session's title and key
     * only as sealed as the relay holds them: the title opens with the key a device holds, and reads "First".
     */
    private static void assertOnlyIdsKindAndSealedTitle(String payload, String kind, String requestId)
            throws Exception {
        JsonNode json = Json.MAPPER.readTree(payload);
        java.util.Set<String> fields = new java.util.HashSet<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactlyInAnyOrderElementsOf(
                        requestId == null
                                ? List.of("kind", "sessionId", "title", "key")
                                : List.of("kind", "sessionId", "requestId", "title", "key"));
        assertThat(json.path("kind").asText()).isEqualTo(kind);
        assertThat(json.path("sessionId").asText()).isEqualTo("session-one");
        assertThat(json.path("requestId").textValue()).isEqualTo(requestId);
        assertThat(payload).doesNotContain("First");
        assertThat(Json.MAPPER.convertValue(json.path("key"), dev.baton.protocol.SessionKey.class))
                .isEqualTo(TestSeal.KEY);
        assertThat(TestSeal.openTitle(json.path("title").asText())).isEqualTo("First");
    }

    private static SealedEvent prompt(long seq, String requestId) {
        return event(
                seq,
                new EventBody.PermissionRequest(
                        requestId, "Shell", Json.MAPPER.createObjectNode().put("command", "ls"), "Run ls"));
    }

    private static SealedEvent event(long seq, EventBody body) {
        return TestSeal.sealed(
                new Event(seq, Instant.parse("2025-01-01T00:00:00Z").plusSeconds(seq), null, null, body));
    }

    /** A browser's side of a subscription: its key pair and auth secret (RFC 8291 §2). */
    record Subscriber(KeyPair keys, byte[] auth) {
        /**
         * RFC 8291 §3.4 and RFC 8188 §2: body = salt(16) | rs(4) | idlen(1) | keyid (the sender's
         * one-off public key) | ciphertext. IKM = HKDF(auth, ECDH, "WebPush: info\0" | ua_public |
         * as_public, 32); CEK and nonce are HKDF(salt, IKM, "Content-Encoding: aes128gcm\0" | "nonce\0").
         * The plaintext ends with the 0x02 delimiter of the last record (RFC 8188 §2), then padding zeros.
         */
        String decrypt(byte[] body) throws Exception {
            ByteBuffer in = ByteBuffer.wrap(body);
            byte[] salt = new byte[16];
            in.get(salt);
            in.getInt(); // record size
            byte[] senderKey = new byte[in.get() & 0xff];
            in.get(senderKey);
            byte[] ciphertext = new byte[in.remaining()];
            in.get(ciphertext);
            ECPublicKey sender = CryptoKt.generatePublicKeyFromUncompressedBytes(senderKey);
            byte[] ecdh = CryptoKt.generateEcdhSharedSecret((ECPrivateKey) keys.getPrivate(), sender);
            byte[] keyInfo = CryptoKt.concatBytes(
                    "WebPush: info\0".getBytes(StandardCharsets.US_ASCII),
                    CryptoKt.getUncompressedBytes((ECPublicKey) keys.getPublic()),
                    senderKey);
            byte[] ikm = CryptoKt.hkdfSha256(ecdh, auth, keyInfo, 32);
            byte[] cek = CryptoKt.hkdfSha256(
                    ikm, salt, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
            byte[] nonce =
                    CryptoKt.hkdfSha256(ikm, salt, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] plain = aes.doFinal(ciphertext);
            int end = plain.length - 1;
            while (end >= 0 && plain[end] == 0) {
                end--;
            }
            assertThat(plain[end]).as("the last record's delimiter").isEqualTo((byte) 2);
            return new String(Arrays.copyOf(plain, end), StandardCharsets.UTF_8);
        }
    }

    private Subscriber subscribe(DeviceRegistration device, String path, String notify) {
        KeyPair keys = CryptoKt.generateSecp256r1KeyPair();
        byte[] auth = new byte[16];
        new SecureRandom().nextBytes(auth);
        String body = Json.write(Map.of(
                "endpoint",
                push.url(path),
                "keys",
                Map.of(
                        "p256dh",
                        B64.encodeToString(CryptoKt.getUncompressedBytes((ECPublicKey) keys.getPublic())),
                        "auth",
                        B64.encodeToString(auth)),
                "notify",
                notify));
        Http.Reply reply = fixture.http.post("/v1/devices/current/push", device.deviceToken(), body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(204);
        return new Subscriber(keys, auth);
    }

    /** RFC 8292 §2–3: {@code vapid t=JWT, k=key}, the JWT ES256-signed with the relay's published key. */
    private void verifyVapid(String authorization) throws Exception {
        String key = fixture.http
                .get("/v1/push/vapid-key", fixture.device.deviceToken())
                .json()
                .path("publicKey")
                .asText();
        assertThat(authorization).startsWith("vapid t=").endsWith(", k=" + key);
        String jwt = authorization.substring("vapid t=".length(), authorization.indexOf(','));
        String[] parts = jwt.split("\\.");
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initVerify(CryptoKt.generatePublicKeyFromUncompressedBytes(UNB64.decode(key)));
        es256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(es256.verify(UNB64.decode(parts[2])))
                .as("the JWT's signature")
                .isTrue();
        JsonNode header = Json.MAPPER.readTree(UNB64.decode(parts[0]));
        JsonNode claims = Json.MAPPER.readTree(UNB64.decode(parts[1]));
        assertThat(header.path("alg").asText()).isEqualTo("ES256");
        assertThat(claims.path("aud").asText()).isEqualTo(push.origin());
        assertThat(claims.path("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
        assertThat(claims.path("sub").asText()).startsWith("mailto:");
    }

    record Received(Map<String, String> headers, byte[] body) {}

    /** A push service: records what each subscription's URL receives and answers 201 (or as told). */
    static final class FakePushService implements AutoCloseable {
        private final HttpServer server;
        private final Map<String, BlockingQueue<Received>> received = new ConcurrentHashMap<>();
        private final Map<String, Integer> counts = new ConcurrentHashMap<>();
        private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

        FakePushService() throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                Map<String, String> headers = new ConcurrentHashMap<>();
                exchange.getRequestHeaders()
                        .forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
                byte[] body = exchange.getRequestBody().readAllBytes();
                counts.merge(path, 1, Integer::sum);
                exchange.sendResponseHeaders(statuses.getOrDefault(path, 201), -1);
                exchange.close();
                queue(path).add(new Received(headers, body));
            });
            server.start();
        }

        String origin() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        String url(String path) {
            return origin() + path;
        }

        void answer(String path, int status) {
            statuses.put(path, status);
        }

        Received next(String path) throws InterruptedException {
            Received next = queue(path).poll(10, TimeUnit.SECONDS);
            assertThat(next).as("a push to " + path).isNotNull();
            return next;
        }

        int count(String path) {
            return counts.getOrDefault(path, 0);
        }

        private BlockingQueue<Received> queue(String path) {
            return received.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
