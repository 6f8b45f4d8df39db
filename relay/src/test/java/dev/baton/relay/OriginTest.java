package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Only the relay's own pages may drive it; a loopback relay answers only to its own names. */
class OriginTest {
    private static final String EXTRA = "https://app.example.org";

    private RelayFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new RelayFixture(RelayConfig.defaults().withAllowedOrigins(List.of(EXTRA)));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aCrossOriginUpgradeIsRefusedAndTheRelaysOwnOriginPasses() throws IOException {
        try (RawWebSocket foreign = upgrade(Map.of("Origin", "https://evil.example"))) {
            assertThat(foreign.status()).as(foreign.head()).isEqualTo(403);
            assertThat(foreign.errorCode()).isEqualTo("origin_not_allowed");
        }
        try (RawWebSocket nullOrigin = upgrade(Map.of("Origin", "null"))) {
            assertThat(nullOrigin.status()).isEqualTo(403);
        }
        String own = fixture.relay.url().toString();
        try (RawWebSocket same = upgrade(Map.of("Origin", own))) {
            assertThat(same.status()).as(same.head()).isEqualTo(101);
        }
        try (RawWebSocket alias = upgrade(Map.of("Origin", own.replace("127.0.0.1", "localhost")))) {
            assertThat(alias.status()).as(alias.head()).isEqualTo(101);
        }
        try (RawWebSocket extra = upgrade(Map.of("Origin", EXTRA))) {
            assertThat(extra.status()).as(extra.head()).isEqualTo(101);
        }
        try (RawWebSocket nativeClient = upgrade(Map.of())) {
            assertThat(nativeClient.status()).as(nativeClient.head()).isEqualTo(101);
        }
    }

    @Test
    void aCrossOriginStateChangeIsRefusedButReadsAndNativeClientsPass() throws IOException {
        String tickets = "/v1/sessions/" + fixture.session.sessionId() + "/tickets";
        Reply foreign = call("POST", tickets, Map.of("Origin", "https://evil.example"));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.code()).isEqualTo("origin_not_allowed");

        assertThat(call("POST", tickets, Map.of("Origin", fixture.relay.url().toString()))
                        .status())
                .isEqualTo(200);
        assertThat(call("POST", tickets, Map.of()).status()).isEqualTo(200);
        // A read cannot change anything, and without CORS headers the foreign page cannot see the answer.
        assertThat(call("GET", "/v1/sessions", Map.of("Origin", "https://evil.example"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aRebindingHostGetsNothing() throws IOException {
        Reply rebound = call("GET", "/v1/sessions", Map.of("Host", "attacker.example:" + fixture.relay.port()));
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.code()).isEqualTo("host_not_allowed");
        assertThat(call("GET", "/", Map.of("Host", "attacker.example")).status())
                .isEqualTo(403);
        try (RawWebSocket stream = upgrade(Map.of("Host", "attacker.example:" + fixture.relay.port()))) {
            assertThat(stream.status()).isEqualTo(403);
        }

        // A local proxy in front keeps its own port in Host; the name is what tells rebinding apart.
        assertThat(call("GET", "/v1/sessions", Map.of("Host", "127.0.0.1:1")).status())
                .isEqualTo(200);
        for (String name : List.of("127.0.0.1", "localhost", "[::1]")) {
            assertThat(call("GET", "/v1/sessions", Map.of("Host", name + ":" + fixture.relay.port()))
                            .status())
                    .as(name)
                    .isEqualTo(200);
        }
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws IOException {
        for (String path : List.of("/", "/v1/health", "/v1/nowhere")) {
            try (Response response = fixture.client
                    .newCall(new Request.Builder()
                            .url(fixture.relay.url() + path)
                            .build())
                    .execute()) {
                assertThat(response.header("Content-Security-Policy")).as(path).contains("frame-ancestors 'none'");
                assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
                assertThat(response.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
                assertThat(response.header("Strict-Transport-Security"))
                        .as("plain HTTP")
                        .isNull();
            }
        }
    }

    private record Reply(int status, String code) {}

    private Reply call(String method, String path, Map<String, String> headers) throws IOException {
        Request.Builder request = new Request.Builder()
                .url(fixture.relay.url() + path)
                .header("Authorization", "Bearer " + fixture.device.deviceToken())
                .method(
                        method,
                        method.equals("GET") ? null : RequestBody.create("{}", MediaType.get("application/json")));
        headers.forEach(request::header);
        try (Response response = fixture.client.newCall(request.build()).execute()) {
            String text = response.body().string();
            String code = text.startsWith("{")
                    ? Json.MAPPER.readTree(text).path("error").path("code").asText(null)
                    : null;
            return new Reply(response.code(), code);
        }
    }

    private RawWebSocket upgrade(Map<String, String> headers) throws IOException {
        String ticket = fixture.ticket(fixture.device.deviceToken(), fixture.session.sessionId());
        return RawWebSocket.connect(
                fixture.relay.port(),
                "/v1/sessions/" + fixture.session.sessionId() + "/client?ticket=" + ticket,
                headers,
                64 * 1024);
    }
}
