package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.relay.LimitedScope;
import dev.baton.protocol.relay.RelayApi.CreateEnvironment;
import dev.baton.protocol.relay.RelayApi.CreateLimitedToken;
import dev.baton.protocol.relay.RelayApi.LimitedToken;
import dev.baton.protocol.relay.SpawnMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A read-only token, made by a full-scope one for a script: it reads, and it never hosts a session. */
class LimitedTokenTest {
    @AutoClose
    private final RelayFixture fixture = RelayFixture.started();

    private String readOnly() {
        Http.Reply reply = fixture.http.post(
                "/v1/account/tokens", fixture.accountToken, new CreateLimitedToken(LimitedScope.READ_ONLY));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        LimitedToken token = reply.as(LimitedToken.class);
        assertThat(token.token()).startsWith("bto_");
        assertThat(token.scope()).isEqualTo(LimitedScope.READ_ONLY);
        assertThat(token.expiresAt()).isAfter(fixture.clock.instant().plus(Duration.ofDays(364)));
        return token.token();
    }

    @Test
    void aReadOnlyTokenReadsTheAccountAndItsSessions() {
        String token = readOnly();
        Http.Reply account = fixture.http.get("/v1/account", token);
        assertThat(account.status()).as(account.text()).isEqualTo(200);
        assertThat(account.json().path("user").asText()).isEqualTo("ada");
        assertThat(account.json().path("tokenKind").asText()).isEqualTo("read-only");

        Http.Reply sessions = fixture.http.get("/v1/account/sessions", token);
        assertThat(sessions.status()).as(sessions.text()).isEqualTo(200);
        assertThat(sessions.json().path("sessions").get(0).path("id").asText()).isEqualTo(fixture.session.sessionId());
    }

    @Test
    void remoteControlRefusesItWithTheReasonInTheUsersTerms() {
        Http.Reply refused = fixture.http.post(
                "/v1/environments",
                readOnly(),
                new CreateEnvironment("laptop", "laptop.local", "/work", SpawnMode.SINGLE_SESSION, 0));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("insufficient_scope");
        assertThat(refused.errorMessage()).startsWith("Remote Control requires a full-scope login token");
    }

    @Test
    void onlyAFullScopeTokenMintsOneAndOnlyAccountTokensRead() {
        String token = readOnly();
        Http.Reply byLimited =
                fixture.http.post("/v1/account/tokens", token, new CreateLimitedToken(LimitedScope.READ_ONLY));
        assertThat(byLimited.status()).isEqualTo(403);
        assertThat(byLimited.errorCode()).isEqualTo("insufficient_scope");

        Http.Reply byDevice = fixture.http.get("/v1/account/sessions", fixture.device.deviceToken());
        assertThat(byDevice.status()).isEqualTo(403);

        Http.Reply noScope = fixture.http.post("/v1/account/tokens", fixture.accountToken, Map.of());
        assertThat(noScope.status()).isEqualTo(400);
        assertThat(noScope.errorCode()).isEqualTo("bad_request");
    }
}
