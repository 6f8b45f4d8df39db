package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.frame.Frames.Subscribe;
import dev.baton.protocol.relay.RelayApi.DeviceRegistration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Extension: the host hears how many distinct devices follow its session, on its own stream. */
class ViewersTest {
    @AutoClose
    private final RelayFixture fixture = RelayFixture.started();

    @Test
    void countFollowsDevicesSubscribingAndClosing() {
        Stream host = fixture.hostWithHello("epoch-a", 0);
        assertThat(devices(host.next("viewers"))).as("told right after welcome").isZero();

        Stream phone = subscribed(fixture.device.deviceToken());
        assertThat(devices(host.next("viewers"))).isEqualTo(1);

        DeviceRegistration tablet = fixture.pair("tablet");
        Stream tabletStream = subscribed(tablet.deviceToken());
        assertThat(devices(host.next("viewers"))).isEqualTo(2);

        tabletStream.close();
        assertThat(devices(host.next("viewers"))).isEqualTo(1);

        phone.close();
        assertThat(devices(host.next("viewers"))).isZero();
    }

    @Test
    void aDeviceWithTwoStreamsCountsOnce() {
        Stream host = fixture.hostWithHello("epoch-a", 0);
        assertThat(devices(host.next("viewers"))).isZero();

        Stream firstTab = subscribed(fixture.device.deviceToken());
        assertThat(devices(host.next("viewers"))).isEqualTo(1);
        Stream secondTab = subscribed(fixture.device.deviceToken());
        Stream tablet = subscribed(fixture.pair("tablet").deviceToken());
        // The second tab told the host nothing: the next news is the other device.
        assertThat(devices(host.next("viewers"))).isEqualTo(2);

        // The phone still follows through its second tab after the first closes.
        firstTab.close();
        firstTab.awaitClosed();
        tablet.close();
        assertThat(devices(host.next("viewers"))).isEqualTo(1);
        secondTab.close();
        assertThat(devices(host.next("viewers"))).isZero();
    }

    @Test
    void aStreamThatNeverSubscribedIsNotCounted() {
        Stream host = fixture.hostWithHello("epoch-a", 0);
        assertThat(devices(host.next("viewers"))).isZero();

        Stream idle = fixture.device(); // connected, never subscribed
        idle.send("{\"type\":\"ping\"}");
        idle.next("pong");
        Stream tablet = subscribed(fixture.pair("tablet").deviceToken());

        assertThat(devices(host.next("viewers"))).isEqualTo(1);
        tablet.close();
        assertThat(devices(host.next("viewers"))).isZero();
    }

    @Test
    void aHostThatConnectsLaterHearsTheCurrentCount() {
        subscribed(fixture.device.deviceToken());
        subscribed(fixture.pair("tablet").deviceToken());

        Stream host = fixture.hostWithHello("epoch-a", 0);
        assertThat(devices(host.next("viewers"))).isEqualTo(2);

        // A replacing host is told again, from scratch.
        Stream replacement = fixture.hostWithHello("epoch-a", 0);
        assertThat(devices(replacement.next("viewers"))).isEqualTo(2);
    }

    @Test
    void aRevokedDeviceStopsCounting() {
        Stream host = fixture.hostWithHello("epoch-a", 0);
        assertThat(devices(host.next("viewers"))).isZero();
        DeviceRegistration tablet = fixture.pair("tablet");
        Stream tabletStream = subscribed(tablet.deviceToken());
        assertThat(devices(host.next("viewers"))).isEqualTo(1);
        subscribed(fixture.device.deviceToken());
        assertThat(devices(host.next("viewers"))).isEqualTo(2);

        Http.Reply revoked = fixture.http.delete("/v1/devices/" + tablet.deviceId(), fixture.device.deviceToken());
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(204);

        assertThat(devices(host.next("viewers"))).isEqualTo(1);
        assertThat(tabletStream.awaitClosed()).isEqualTo(1008);
    }

    private Stream subscribed(String deviceToken) {
        Stream device = fixture.device(deviceToken);
        device.send(new Subscribe(null));
        device.next("sync");
        return device;
    }

    private static int devices(JsonNode viewers) {
        assertThat(viewers.has("devices")).as("viewers frame %s", viewers).isTrue();
        return viewers.path("devices").asInt();
    }
}
