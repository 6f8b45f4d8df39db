package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.relay.RelayApi.RedeemPairing;
import dev.baton.protocol.relay.RelayApi.Spawn;
import dev.baton.protocol.seal.Seal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** What a relay on the internet owes every request: auth first, JSON errors, bounded strings. */
class HttpHardeningTest {
    @AutoClose
    private final RelayFixture fixture = RelayFixture.started();

    @Test
    void aWrongScopeTokenIsRefusedBeforeItsBodyIsRead() {
        Http.Reply environment = fixture.http.post("/v1/environments", fixture.device.deviceToken(), "{\"name\":");
        assertThat(environment.status()).as(environment.text()).isEqualTo(403);
        assertThat(environment.errorCode()).isEqualTo("insufficient_scope");

        String sessions = "/v1/environments/" + fixture.environment.environmentId() + "/sessions";
        Http.Reply session = fixture.http.post(sessions, fixture.accountToken, "not json");
        assertThat(session.status()).as(session.text()).isEqualTo(403);
        assertThat(session.errorCode()).isEqualTo("insufficient_scope");

        Http.Reply anonymous = fixture.http.post(sessions, null, "not json");
        assertThat(anonymous.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void jettysOwnErrorsAreJsonAndNoResponseNamesTheServer() throws IOException {
        Http.Reply unknown = fixture.http.get("/v1/nowhere", null);
        assertThat(unknown.errorCode()).isEqualTo("not_found");
        assertThat(unknown.headers().get("Server")).isNull();
        assertThat(fixture.http.get("/", null).headers().get("Server")).isNull();

        String tooLongUri = "GET /v1/" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        assertJsonError(raw(tooLongUri), "too_large");

        String hugeHeader = "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n";
        assertJsonError(raw(hugeHeader), "too_large");

        assertJsonError(raw("GET /v1/%C3%28 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), null);
        assertJsonError(raw("NOT A REQUEST\r\n\r\n"), "bad_request");
    }

    @Test
    void everyClientStringHasALimit() {
        Http.Reply pairing = fixture.http.post(
                "/v1/environments/" + fixture.environment.environmentId() + "/pairings",
                fixture.environment.environmentToken(),
                Map.of());
        String code = pairing.json().path("pairingCode").asText();

        Http.Reply longName =
                fixture.http.post("/v1/pairings/redeem", null, new RedeemPairing(code, "n".repeat(900_000)));
        assertThat(longName.status()).isEqualTo(413);
        assertThat(longName.errorCode()).isEqualTo("too_large");
        assertThat(longName.errorMessage()).isEqualTo("deviceName may be at most 100 characters long; got 900000");

        Http.Reply fits = fixture.http.post("/v1/pairings/redeem", null, new RedeemPairing(code, "n".repeat(100)));
        assertThat(fits.status()).as(fits.text()).isEqualTo(200);

        Http.Reply title = fixture.http.post(
                "/v1/environments/" + fixture.environment.environmentId() + "/sessions",
                fixture.environment.environmentToken(),
                Map.of("sessionId", "session-two", "title", "t".repeat(Seal.sealedLength(600) + 1)));
        assertThat(title.errorMessage()).startsWith("title may be at most " + Seal.sealedLength(600) + " characters");
        // Titles arrive sealed: the longest a client allows, in the widest characters, still fits.
        Http.Reply widest = fixture.http.post(
                "/v1/environments/" + fixture.environment.environmentId() + "/sessions",
                fixture.environment.environmentToken(),
                Map.of("sessionId", "session-two", "title", TestSeal.title("界".repeat(200))));
        assertThat(widest.status()).as(widest.text()).isEqualTo(200);

        Http.Reply spawn = fixture.http.post(
                "/v1/environments/" + fixture.environment.environmentId() + "/spawn",
                fixture.device.deviceToken(),
                new Spawn("s".repeat(Seal.sealedLength(600) + 1)));
        assertThat(spawn.errorCode()).isEqualTo("too_large");

        Http.Reply environment = fixture.http.post(
                "/v1/environments",
                fixture.accountToken,
                Map.of("name", "e".repeat(Seal.sealedLength(300) + 1), "capacity", 0));
        assertThat(environment.errorMessage())
                .startsWith("name may be at most " + Seal.sealedLength(300) + " characters");
    }

    @Test
    void guessingPairingCodesHitsARateLimitAndNoCodeIsLogged() {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String guess = "btp_" + "g".repeat(43);
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 10; i++) {
                Http.Reply wrong = fixture.http.post("/v1/pairings/redeem", null, new RedeemPairing(guess + i, "x"));
                assertThat(wrong.errorCode()).isEqualTo("pairing_code_invalid");
            }
        } finally {
            System.setErr(err);
        }
        Http.Reply limited = fixture.http.post("/v1/pairings/redeem", null, new RedeemPairing(guess, "x"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("rate_limited");
        assertThat(Integer.parseInt(limited.headers().get("Retry-After"))).isBetween(1, 60);

        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("failed pairing redemption from 127.0.0.1").doesNotContain(guess);
    }

    private static void assertJsonError(Raw reply, String code) {
        assertThat(reply.head()).as(reply.head()).doesNotContainIgnoringCase("Server: Jetty");
        assertThat(reply.head()).containsIgnoringCase("Content-Type: application/json");
        JsonNode body = Json.MAPPER.valueToTree(Json.decode(reply.body(), Map.class));
        assertThat(body.path("error").path("message").asText()).isNotEmpty();
        if (code != null) {
            assertThat(body.path("error").path("code").asText()).isEqualTo(code);
        }
    }

    private record Raw(String head, String body) {}

    /** Requests an HTTP client library would refuse to send. */
    private Raw raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", fixture.relay.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // The relay may answer and close before it has read everything; its answer still counts.
            }
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            assertThat(split).as(text).isPositive();
            return new Raw(text.substring(0, split), text.substring(split + 4));
        }
    }
}
