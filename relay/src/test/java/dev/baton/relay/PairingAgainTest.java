package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.relay.RelayApi.DeviceInfo;
import dev.baton.protocol.relay.RelayApi.DeviceList;
import dev.baton.protocol.relay.RelayApi.DeviceRegistration;
import dev.baton.protocol.relay.RelayApi.RedeemPairing;
import dev.baton.protocol.relay.RelayApi.RefreshDevice;
import dev.baton.protocol.relay.SpawnMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A phone paired with one computer scans a second computer's code (or a new one of the same): it shows
 * its device token and pairs again as itself, so the account's device list names it once.
 */
class PairingAgainTest {
    @AutoClose
    private final RelayFixture fixture = RelayFixture.started();

    @Test
    void aPairedDeviceThatShowsItsTokenKeepsItsIdAndItsEarlierCredentialsEnd() {
        DeviceRegistration first = fixture.device;

        Http.Reply again = redeem(fixture.pairingCode(), first.deviceToken());

        assertThat(again.status()).as(again.text()).isEqualTo(200);
        DeviceRegistration renewed = again.as(DeviceRegistration.class);
        assertThat(renewed.deviceId()).isEqualTo(first.deviceId());
        assertThat(renewed.deviceToken()).isNotEqualTo(first.deviceToken());
        assertThat(devices(renewed.deviceToken()))
                .as("the account lists the phone once")
                .extracting(DeviceInfo::id)
                .containsExactly(first.deviceId());
        assertThat(fixture.http.get("/v1/sessions", first.deviceToken()).errorCode())
                .as("the earlier device token")
                .isEqualTo("unauthorized");
        assertThat(refresh(first.refreshToken()).errorCode())
                .as("the earlier refresh credential")
                .isEqualTo("unauthorized");
        assertThat(refresh(renewed.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void aLapsedTokenIsRefusedBeforeTheCodeIsSpentSoTheRenewedTokenStillPairsWithIt() {
        // A code lives ten minutes and the device token an hour: one made late in that hour outlives it.
        fixture.clock.advance(Duration.ofMinutes(55));
        String code = fixture.pairingCode();
        fixture.clock.advance(Duration.ofMinutes(6));

        Http.Reply lapsed = redeem(code, fixture.device.deviceToken());

        assertThat(lapsed.status()).isEqualTo(401);
        assertThat(lapsed.errorCode()).isEqualTo("token_expired");
        Http.Reply renewal = refresh(fixture.device.refreshToken());
        assertThat(renewal.status()).as(renewal.text()).isEqualTo(200);
        Http.Reply paired = redeem(code, renewal.as(DeviceRegistration.class).deviceToken());
        assertThat(paired.status()).as(paired.text()).isEqualTo(200);
        assertThat(paired.as(DeviceRegistration.class).deviceId()).isEqualTo(fixture.device.deviceId());
    }

    @Test
    void aRevokedDevicesTokenIsRefusedAndWithoutItTheCodePairsANewDevice() {
        String code = fixture.pairingCode();
        DeviceRegistration other = fixture.pair("tablet");
        assertThat(fixture.http
                        .delete("/v1/devices/" + fixture.device.deviceId(), other.deviceToken())
                        .status())
                .isEqualTo(204);

        Http.Reply revoked = redeem(code, fixture.device.deviceToken());

        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.errorCode()).isEqualTo("unauthorized");
        Http.Reply fresh = redeem(code, null);
        assertThat(fresh.status()).as(fresh.text()).isEqualTo(200);
        assertThat(fresh.as(DeviceRegistration.class).deviceId()).isNotEqualTo(fixture.device.deviceId());
    }

    @Test
    void aCodeOfAnotherAccountPairsANewDeviceThereAndLeavesThisOneAlone() {
        fixture.accountToken = fixture.relay.createAccountToken("grace");
        fixture.environment = fixture.createEnvironment(SpawnMode.SINGLE_SESSION, 0);

        Http.Reply elsewhere = redeem(fixture.pairingCode(), fixture.device.deviceToken());

        assertThat(elsewhere.status()).as(elsewhere.text()).isEqualTo(200);
        DeviceRegistration graces = elsewhere.as(DeviceRegistration.class);
        assertThat(graces.deviceId()).isNotEqualTo(fixture.device.deviceId());
        assertThat(devices(graces.deviceToken())).extracting(DeviceInfo::id).containsExactly(graces.deviceId());
        assertThat(fixture.http
                        .get("/v1/sessions", fixture.device.deviceToken())
                        .status())
                .as("the device of the first account keeps its token")
                .isEqualTo(200);
    }

    private Http.Reply redeem(String code, String deviceToken) {
        return fixture.http.post("/v1/pairings/redeem", deviceToken, new RedeemPairing(code, "phone"));
    }

    private Http.Reply refresh(String credential) {
        return fixture.http.post("/v1/devices/refresh", null, new RefreshDevice(credential));
    }

    private List<DeviceInfo> devices(String deviceToken) {
        Http.Reply list = fixture.http.get("/v1/devices", deviceToken);
        assertThat(list.status()).as(list.text()).isEqualTo(200);
        return list.as(DeviceList.class).devices();
    }
}
