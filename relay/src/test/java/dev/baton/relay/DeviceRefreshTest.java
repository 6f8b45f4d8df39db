package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.relay.RelayApi.DeviceRegistration;
import dev.baton.protocol.relay.RelayApi.Pairing;
import dev.baton.protocol.relay.RelayApi.RedeemPairing;
import dev.baton.protocol.relay.RelayApi.RefreshDevice;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Device tokens last an hour and are renewed with a single-use refresh credential; a credential that
 * comes back a second time revokes its device.
 */
class DeviceRefreshTest {
    @AutoClose
    private final RelayFixture fixture = RelayFixture.started();

    @Test
    void aDeviceTokenLastsAnHourAndTheRefreshCredentialBuysANewOne() {
        DeviceRegistration device = fixture.device;
        assertThat(device.expiresAt()).isBefore(fixture.clock.instant().plus(Duration.ofMinutes(61)));
        assertThat(device.refreshToken()).startsWith("btr_");

        fixture.clock.advance(Duration.ofMinutes(61));
        Http.Reply expired = fixture.http.get("/v1/sessions", device.deviceToken());
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.errorCode()).isEqualTo("token_expired");

        DeviceRegistration renewed = refresh(device.refreshToken());
        assertThat(renewed.deviceId()).isEqualTo(device.deviceId());
        assertThat(renewed.refreshToken()).isNotEqualTo(device.refreshToken());
        assertThat(renewed.expiresAt()).isAfter(fixture.clock.instant().plus(Duration.ofMinutes(59)));
        assertThat(fixture.http.get("/v1/sessions", renewed.deviceToken()).status())
                .isEqualTo(200);
        // The chain goes on: the new credential renews again.
        assertThat(refresh(renewed.refreshToken()).deviceId()).isEqualTo(device.deviceId());
    }

    @Test
    void aRefreshCredentialUsedTwiceRevokesTheDeviceAndClosesItsStreams() {
        Stream stream = fixture.device();
        stream.send(new dev.baton.protocol.frame.Frames.Subscribe(null));
        stream.next("sync");
        DeviceRegistration renewed = refresh(fixture.device.refreshToken());

        Http.Reply again =
                fixture.http.post("/v1/devices/refresh", null, new RefreshDevice(fixture.device.refreshToken()));
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.errorCode()).isEqualTo("refresh_reused");
        assertThat(again.errorMessage()).contains("revoked").doesNotContain(fixture.device.refreshToken());

        // Neither holder keeps anything: the thief's copy and the owner's renewed credentials are dead.
        assertThat(fixture.http.get("/v1/sessions", renewed.deviceToken()).errorCode())
                .isIn("unauthorized");
        Http.Reply afterRevocation =
                fixture.http.post("/v1/devices/refresh", null, new RefreshDevice(renewed.refreshToken()));
        assertThat(afterRevocation.status()).isEqualTo(401);
        assertThat(stream.awaitClosed()).isEqualTo(1008);
    }

    @Test
    void otherTokensAreNotRefreshCredentials() {
        Http.Reply deviceToken =
                fixture.http.post("/v1/devices/refresh", null, new RefreshDevice(fixture.device.deviceToken()));
        assertThat(deviceToken.status()).isEqualTo(403);
        assertThat(deviceToken.errorCode()).isEqualTo("insufficient_scope");
        assertThat(deviceToken.errorMessage()).contains("refresh credential");

        Http.Reply nothing = fixture.http.post("/v1/devices/refresh", null, Map.of());
        assertThat(nothing.status()).isEqualTo(401);
        assertThat(nothing.errorCode()).isEqualTo("unauthorized");

        Http.Reply unknown = fixture.http.post("/v1/devices/refresh", null, new RefreshDevice("btr_nonsense"));
        assertThat(unknown.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void aRefreshCredentialExpiresAfterThirtyDays() {
        fixture.clock.advance(Duration.ofDays(30).plusMinutes(1));
        Http.Reply late =
                fixture.http.post("/v1/devices/refresh", null, new RefreshDevice(fixture.device.refreshToken()));
        assertThat(late.status()).isEqualTo(401);
        assertThat(late.errorCode()).isIn("token_expired", "unauthorized");
    }

    @Test
    void aBrowserKeepsItsRefreshCredentialInAnHttpOnlyCookieOnlyTheRefreshEndpointGets() {
        String origin = fixture.relay.url().toString().replaceFirst("/$", "");
        Http.Reply redeemed = fixture.http.call(
                "POST",
                "/v1/pairings/redeem",
                null,
                dev.baton.protocol.Json.write(new RedeemPairing(pairingCode(), "browser", true)),
                Map.of("Origin", origin),
                Http.JSON);
        assertThat(redeemed.status()).as(redeemed.text()).isEqualTo(200);
        assertThat(redeemed.json().has("refreshToken")).isFalse();
        String cookie = refreshCookie(redeemed);
        assertThat(redeemed.text()).doesNotContain(cookie);

        Http.Reply renewed = fixture.http.call(
                "POST",
                "/v1/devices/refresh",
                null,
                "{}",
                Map.of("Origin", origin, "Cookie", "baton_refresh=" + cookie),
                Http.JSON);
        assertThat(renewed.status()).as(renewed.text()).isEqualTo(200);
        assertThat(renewed.json().has("refreshToken")).isFalse();
        assertThat(renewed.json().path("deviceToken").asText()).startsWith("btd_");
        assertThat(refreshCookie(renewed)).isNotEqualTo(cookie);

        Http.Reply foreign = fixture.http.call(
                "POST",
                "/v1/devices/refresh",
                null,
                "{}",
                Map.of("Origin", "https://evil.example", "Cookie", "baton_refresh=" + refreshCookie(renewed)),
                Http.JSON);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.errorCode()).isEqualTo("origin_not_allowed");
    }

    private String pairingCode() {
        Http.Reply pairing = fixture.http.post(
                "/v1/environments/" + fixture.environment.environmentId() + "/pairings",
                fixture.environment.environmentToken(),
                Map.of());
        return pairing.as(Pairing.class).pairingCode();
    }

    private static String refreshCookie(Http.Reply reply) {
        String header = reply.headers().get("Set-Cookie");
        assertThat(header)
                .as(reply.text())
                .startsWith("baton_refresh=")
                .contains("Path=/v1/devices/refresh")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
        return header.substring("baton_refresh=".length(), header.indexOf(';'));
    }

    private DeviceRegistration refresh(String credential) {
        Http.Reply reply = fixture.http.post("/v1/devices/refresh", null, new RefreshDevice(credential));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.as(DeviceRegistration.class);
    }
}
