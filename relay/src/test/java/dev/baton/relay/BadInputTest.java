package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.frame.Frames.Subscribe;
import dev.baton.protocol.relay.RelayApi.DeviceRegistration;
import java.time.Duration;
import java.util.Map;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every refusal the brief names, with its error code; a stream stays usable after a bad frame. */
class BadInputTest {
    private RelayFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new RelayFixture(RelayConfig.defaults()
                .withMaxFrameBytes(64 * 1024)
                .withInputsPerSecond(3)
                .withSocketsPerToken(2));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void badFramesGetErrorsAndTheStreamStaysOpen() {
        Stream device = fixture.device();
        device.sendText("{\"type\":\"subscribe\"");
        assertThat(device.next("error").path("code").asText()).isEqualTo("bad_request");
        device.sendText("{\"type\":\"teleport\"}");
        assertThat(device.next("error").path("code").asText()).isEqualTo("unknown_frame");
        // An input of version 1, in the clear, is no input of version 2.
        device.sendText("{\"type\":\"input\",\"inputId\":\"x\",\"input\":{\"kind\":\"message\",\"text\":\"hi\"}}");
        JsonNode clear = device.next("error");
        assertThat(clear.path("code").asText()).isEqualTo("bad_request");
        assertThat(clear.path("message").asText()).isEqualTo("missing \"sealed\"");

        device.sendText("{\"type\":\"input\",\"input\":\"" + "x".repeat(200 * 1024) + "\"}");
        JsonNode tooLarge = device.next("error");
        assertThat(tooLarge.path("code").asText()).isEqualTo("too_large");

        device.send(new Subscribe(null));
        assertThat(device.next("sync").path("status").asText()).isEqualTo("gap");
    }

    @Test
    void hostStreamSurvivesBadFramesToo() {
        Stream host = fixture.host();
        host.sendText("not json");
        assertThat(host.next("error").path("code").asText()).isEqualTo("bad_request");
        host.sendText("{\"type\":\"events\",\"events\":[]}");
        assertThat(host.next("error").path("message").asText()).contains("hello");
        host.sendText("x".repeat(100 * 1024));
        assertThat(host.next("error").path("code").asText()).isEqualTo("too_large");
        host.send(TestSeal.hello("e", 0, null));
        host.next("welcome");
    }

    @Test
    void unsupportedProtocolIsRefused() {
        Stream host = fixture.host();
        host.sendText("{\"type\":\"hello\",\"protocol\":9,\"epoch\":\"e\",\"lastSeq\":0}");
        JsonNode error = host.next("error");
        assertThat(error.path("code").asText()).isEqualTo("unsupported_protocol");
        assertThat(error.path("message").asText()).contains("version 2").contains("version 9");
        assertThat(host.awaitClosed()).isEqualTo(1002);

        Stream device = fixture.device();
        device.sendText("{\"type\":\"subscribe\",\"cursor\":null}");
        assertThat(device.next("error").path("code").asText()).isEqualTo("unsupported_protocol");
        assertThat(device.awaitClosed()).isEqualTo(1002);
    }

    @Test
    void handshakeRefusalsAreHttpErrorsWithTheJsonBody() {
        String sessionPath = "/v1/sessions/" + fixture.session.sessionId();

        assertRefused(sessionPath + "/host", fixture.device.deviceToken(), 403, "insufficient_scope");
        assertThat(refusal(sessionPath + "/host", fixture.device.deviceToken())
                        .path("error")
                        .path("message")
                        .asText())
                .isEqualTo("this endpoint needs a session host token; got a device token");
        assertRefused(sessionPath + "/host", "bts_unknown", 401, "unauthorized");
        assertRefused(
                sessionPath + "/client?ticket=" + fixture.session.sessionToken(), null, 403, "insufficient_scope");
        assertRefused(sessionPath + "/client", fixture.session.sessionToken(), 403, "insufficient_scope");
        assertRefused(sessionPath + "/client?ticket=btt_nonsense", null, 401, "unauthorized");

        String ticket = fixture.ticket(fixture.device.deviceToken(), fixture.session.sessionId());
        assertRefused("/v1/sessions/someone-elses/client?ticket=" + ticket, null, 403, "insufficient_scope");
        assertRefused(sessionPath + "/client?ticket=" + ticket, null, 401, "ticket_used");

        Http.Reply unknownSession =
                fixture.http.post("/v1/sessions/no-such-session/tickets", fixture.device.deviceToken(), Map.of());
        assertThat(unknownSession.status()).isEqualTo(404);
        assertThat(unknownSession.errorCode()).isEqualTo("session_not_found");
    }

    @Test
    void ticketsExpireAfterSixtySeconds() {
        String ticket = fixture.ticket(fixture.device.deviceToken(), fixture.session.sessionId());
        fixture.clock.advance(Duration.ofSeconds(61));
        assertRefused(
                "/v1/sessions/" + fixture.session.sessionId() + "/client?ticket=" + ticket, null, 401, "token_expired");
    }

    @Test
    void ticketsAreSingleUse() {
        String ticket = fixture.ticket(fixture.device.deviceToken(), fixture.session.sessionId());
        String url = fixture.wsUrl("/v1/sessions/" + fixture.session.sessionId() + "/client?ticket=" + ticket);
        fixture.track(Stream.open(fixture.client, url, null));
        assertRefused(
                "/v1/sessions/" + fixture.session.sessionId() + "/client?ticket=" + ticket, null, 401, "ticket_used");
    }

    @Test
    void inputsBeyondTheRateAreRefusedWithTheirInputId() {
        Stream device = fixture.device();
        for (int i = 0; i < 10; i++) {
            device.send(TestSeal.input("in-" + i, new Input.Message("spam")));
        }
        JsonNode limited = device.await(Stream.type("error"));
        assertThat(limited.path("code").asText()).isEqualTo("rate_limited");
        assertThat(limited.path("inputId").asText()).startsWith("in-");
    }

    @Test
    void socketsPerTokenAreLimited() {
        fixture.device();
        fixture.device();
        String third = fixture.ticket(fixture.device.deviceToken(), fixture.session.sessionId());
        assertRefused(
                "/v1/sessions/" + fixture.session.sessionId() + "/client?ticket=" + third,
                null,
                429,
                "too_many_connections");

        // Another device has its own allowance.
        DeviceRegistration other = fixture.pair("tablet");
        fixture.device(other.deviceToken()).send(new Subscribe(null));
    }

    @Test
    void revokedDeviceLosesItsStreamsAndTokenAtOnce() {
        DeviceRegistration laptop = fixture.pair("laptop");
        Stream stream = fixture.device(laptop.deviceToken());
        stream.send(new Subscribe(null));
        stream.next("sync");

        Http.Reply revoked = fixture.http.delete("/v1/devices/" + laptop.deviceId(), fixture.device.deviceToken());
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(stream.awaitClosed()).isEqualTo(1008);

        Http.Reply after = fixture.http.get("/v1/sessions", laptop.deviceToken());
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void anExpiredPairingCodeIsTokenExpiredAndAnUnknownOneIsInvalid() {
        Http.Reply pairing = fixture.http.post(
                "/v1/environments/" + fixture.environment.environmentId() + "/pairings",
                fixture.environment.environmentToken(),
                Map.of());
        String code = pairing.json().path("pairingCode").asText();
        fixture.clock.advance(Duration.ofMinutes(11));

        Http.Reply expired =
                fixture.http.post("/v1/pairings/redeem", null, Map.of("pairingCode", code, "deviceName", "late phone"));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.errorCode()).isEqualTo("token_expired");

        Http.Reply unknown = fixture.http.post(
                "/v1/pairings/redeem", null, Map.of("pairingCode", "btp_never-issued", "deviceName", "phone"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorCode()).isEqualTo("pairing_code_invalid");
    }

    @Test
    void aTicketWorksAsABearerHeaderToo() {
        String ticket = fixture.ticket(fixture.device.deviceToken(), fixture.session.sessionId());
        Stream device = fixture.track(Stream.open(
                fixture.client, fixture.wsUrl("/v1/sessions/" + fixture.session.sessionId() + "/client"), ticket));
        device.send(new Subscribe(null));
        assertThat(device.next("sync").path("status").asText()).isEqualTo("gap");
    }

    @Test
    void expiredTokensAreTokenExpired() {
        fixture.clock.advance(Duration.ofHours(2));
        Http.Reply reply = fixture.http.post(
                "/v1/environments/" + fixture.environment.environmentId() + "/pairings",
                fixture.environment.environmentToken(),
                Map.of());
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo("token_expired");
    }

    @Test
    void httpRefusals() {
        Http.Reply unknownPath = fixture.http.get("/v1/nothing-here", null);
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.errorCode()).isEqualTo("not_found");

        Http.Reply wrongMethod = fixture.http.get("/v1/pairings/redeem", null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.errorCode()).isEqualTo("method_not_allowed");
        assertThat(wrongMethod.headers().get("Allow")).isEqualTo("POST");
        assertThat(wrongMethod.errorMessage()).contains("use POST");

        Http.Reply malformed = fixture.http.post("/v1/pairings/redeem", null, "{\"pairingCode\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("bad_request");

        Http.Reply huge =
                fixture.http.post("/v1/pairings/redeem", null, "{\"deviceName\":\"" + "x".repeat(2 << 20) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.errorCode()).isEqualTo("too_large");

        Http.Reply noToken = fixture.http.get("/v1/sessions", null);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.errorCode()).isEqualTo("unauthorized");

        Http.Reply wrongScope = fixture.http.get("/v1/sessions", fixture.accountToken);
        assertThat(wrongScope.status()).isEqualTo(403);
        assertThat(wrongScope.errorMessage()).isEqualTo("this endpoint needs a device token; got an account token");

        Http.Reply badCode = fixture.http.post("/v1/pairings/redeem", null, Map.of("pairingCode", "btp_nope"));
        assertThat(badCode.status()).isEqualTo(400);
        assertThat(badCode.errorCode()).isEqualTo("pairing_code_invalid");

        Http.Reply badSessionId = fixture.http.post(
                "/v1/environments/" + fixture.environment.environmentId() + "/sessions",
                fixture.environment.environmentToken(),
                Map.of("sessionId", "no spaces allowed"));
        assertThat(badSessionId.status()).isEqualTo(400);
        assertThat(badSessionId.errorCode()).isEqualTo("bad_request");
    }

    private void assertRefused(String path, String bearer, int status, String code) {
        Refusal refusal = handshake(path, bearer);
        assertThat(refusal.status()).as(refusal.body().toString()).isEqualTo(status);
        assertThat(refusal.body().path("error").path("code").asText()).isEqualTo(code);
    }

    private JsonNode refusal(String path, String bearer) {
        return handshake(path, bearer).body();
    }

    private record Refusal(int status, JsonNode body) {}

    /** A plain WebSocket handshake, so the refusal's status and body can be read. */
    private Refusal handshake(String path, String bearer) {
        Request.Builder request = new Request.Builder()
                .url(fixture.relay.url() + path)
                .header("Connection", "Upgrade")
                .header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try (Response response = fixture.client.newCall(request.build()).execute()) {
            String text = response.body().string();
            return new Refusal(response.code(), dev.baton.protocol.Json.MAPPER.readTree(text));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
