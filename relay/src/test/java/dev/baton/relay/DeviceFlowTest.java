package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.relay.RelayApi.CreateEnvironment;
import dev.baton.protocol.relay.RelayApi.DeviceCode;
import dev.baton.protocol.relay.RelayApi.DeviceCodeRequest;
import dev.baton.protocol.relay.RelayApi.DeviceDecision;
import dev.baton.protocol.relay.RelayApi.TokenRequest;
import dev.baton.protocol.relay.SpawnMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device authorization grant (RFC 8628) over real HTTP: a backend asks for a code and polls, a user
 * signed in on the web page approves or denies it, and an approval yields a working account token.
 */
class DeviceFlowTest {
    private static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();
    private Relay relay;
    private Http http;
    private String cookie;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
    }

    private void start(Duration lifetime) throws Exception {
        relay = SignInTest.withUser(
                dir.resolve("data"),
                RelayConfig.defaults().withClock(clock).withDeviceCodes(lifetime, Duration.ofSeconds(5)));
        http = new Http(new OkHttpClient(), relay.url());
        cookie = SignInTest.cookieOf(SignInTest.signIn(http, "ada", SignInTest.PASSWORD));
    }

    private DeviceCode deviceCode(String clientName) {
        Http.Reply reply = http.post("/v1/oauth/device/code", null, new DeviceCodeRequest(clientName));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.as(DeviceCode.class);
    }

    private Http.Reply poll(DeviceCode code) {
        return http.post("/v1/oauth/token", null, new TokenRequest(GRANT, code.device_code()));
    }

    private Http.Reply decide(String userCode, String decision) {
        return http.call(
                "POST",
                "/v1/web/device",
                null,
                dev.baton.protocol.Json.write(new DeviceDecision(userCode, decision)),
                SignInTest.cookie(cookie),
                Http.JSON);
    }

    @Test
    void pendingThenSlowDownThenApprovedGivesAnAccountTokenThatStartsRemoteControl() throws Exception {
        start(Duration.ofMinutes(10));
        DeviceCode code = deviceCode("baton on laptop.local");

        assertThat(code.user_code()).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
        assertThat(code.device_code()).startsWith("btg_");
        assertThat(code.verification_uri()).isEqualTo(relay.url() + "/device");
        assertThat(code.verification_uri_complete())
                .isEqualTo(relay.url() + "/device?user_code="
                        + URLEncoder.encode(code.user_code(), StandardCharsets.UTF_8));
        assertThat(code.expires_in()).isEqualTo(600);
        assertThat(code.interval()).isEqualTo(5);

        Http.Reply pending = poll(code);
        assertThat(pending.status()).isEqualTo(400);
        assertThat(pending.errorCode()).isEqualTo("authorization_pending");
        Http.Reply tooSoon = poll(code);
        assertThat(tooSoon.status()).isEqualTo(400);
        assertThat(tooSoon.errorCode()).isEqualTo("slow_down");
        assertThat(tooSoon.errorMessage()).contains("10 seconds");

        // The approval page shows what asks, by the code as typed (lower case, no dash).
        Http.Reply shown = http.call(
                "GET",
                "/v1/web/device?userCode=" + code.user_code().replace("-", "").toLowerCase(),
                null,
                null,
                SignInTest.cookie(cookie),
                null);
        assertThat(shown.status()).as(shown.text()).isEqualTo(200);
        assertThat(shown.json().path("clientName").asText()).isEqualTo("baton on laptop.local");
        assertThat(shown.json().path("userCode").asText()).isEqualTo(code.user_code());

        assertThat(decide(code.user_code(), "approve").status()).isEqualTo(204);
        clock.advance(Duration.ofSeconds(10));
        Http.Reply granted = poll(code);
        assertThat(granted.status()).as(granted.text()).isEqualTo(200);
        String token = granted.json().path("access_token").asText();
        assertThat(token).startsWith("bta_");
        assertThat(granted.json().path("token_type").asText()).isEqualTo("Bearer");
        assertThat(granted.json().path("expires_in").asLong())
                .isEqualTo(Duration.ofDays(30).toSeconds());
        assertThat(granted.json().path("user").asText()).isEqualTo("ada");

        Http.Reply environment = http.post(
                "/v1/environments",
                token,
                new CreateEnvironment("laptop", "laptop.local", "/work", SpawnMode.SINGLE_SESSION, 0));
        assertThat(environment.status()).as(environment.text()).isEqualTo(200);
        Http.Reply account = http.get("/v1/account", token);
        assertThat(account.json().path("user").asText()).isEqualTo("ada");
        assertThat(account.json().path("tokenKind").asText()).isEqualTo("account");

        // The device code works once.
        Http.Reply again = poll(code);
        assertThat(again.errorCode()).isEqualTo("invalid_grant");

        // Logging out revokes just that token.
        assertThat(http.delete("/v1/account/token", token).status()).isEqualTo(204);
        assertThat(http.get("/v1/account", token).errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void aDeniedCodeAnswersAccessDenied() throws Exception {
        start(Duration.ofMinutes(10));
        DeviceCode code = deviceCode(null);

        assertThat(decide(code.user_code(), "deny").status()).isEqualTo(204);
        Http.Reply denied = poll(code);
        assertThat(denied.status()).isEqualTo(400);
        assertThat(denied.errorCode()).isEqualTo("access_denied");
        // A decided code cannot be decided again.
        assertThat(decide(code.user_code(), "approve").errorCode()).isEqualTo("user_code_invalid");
    }

    @Test
    void aCodeNobodyApprovesInTimeExpires() throws Exception {
        start(Duration.ofSeconds(30));
        DeviceCode code = deviceCode("baton on laptop.local");
        assertThat(code.expires_in()).isEqualTo(30);

        clock.advance(Duration.ofSeconds(31));
        Http.Reply expired = poll(code);
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.errorCode()).isEqualTo("expired_token");
        assertThat(decide(code.user_code(), "approve").errorCode()).isEqualTo("user_code_invalid");
    }

    @Test
    void approvingNeedsTheSignInCookieAndTheTokenEndpointTakesTheRfcFormBody() throws Exception {
        start(Duration.ofMinutes(10));
        DeviceCode code = deviceCode(null);

        Http.Reply anonymous = http.post("/v1/web/device", null, new DeviceDecision(code.user_code(), "approve"));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorCode()).isEqualTo("unauthorized");

        Http.Reply form = http.call(
                "POST",
                "/v1/oauth/token",
                null,
                "grant_type=" + URLEncoder.encode(GRANT, StandardCharsets.UTF_8) + "&device_code=" + code.device_code(),
                Map.of(),
                SignInTest.FORM);
        assertThat(form.errorCode()).isEqualTo("authorization_pending");
        Http.Reply wrongGrant = http.post("/v1/oauth/token", null, new TokenRequest("password", code.device_code()));
        assertThat(wrongGrant.errorCode()).isEqualTo("unsupported_grant_type");
    }
}
