package dev.baton.server.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.config.BatonHome;
import dev.baton.server.config.ConfigurationException;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedListenTest {
    @TempDir
    Path dir;

    @Test
    void loopbackIsTheDefaultAndOnlyThisMachineReachesIt() {
        EmbeddedListen listen = EmbeddedListen.configured(7420, BatonConfig.EMPTY);

        assertThat(listen).isEqualTo(EmbeddedListen.loopback(7420));
        assertThat(listen.loopbackOnly()).isTrue();
        assertThat(listen.describe()).isEqualTo("127.0.0.1:7420");
    }

    @Test
    void everyAddressIsReachedFromThisMachineOnLoopback() {
        EmbeddedListen listen = new EmbeddedListen(7420, "0.0.0.0", null);

        assertThat(listen.loopbackOnly()).isFalse();
        assertThat(listen.localHost()).isEqualTo("127.0.0.1");
        assertThat(new EmbeddedListen(7420, "::", null).localHost()).isEqualTo("127.0.0.1");
        assertThat(new EmbeddedListen(7420, "192.168.1.20", null).describe()).isEqualTo("192.168.1.20:7420");
    }

    @Test
    void configJsonNamesTheAddressAndTheUrl() {
        BatonConfig config =
                new BatonConfig(null, null, new BatonConfig.EmbeddedRelaySettings("0.0.0.0", "http://laptop.lan:7420"));

        assertThat(EmbeddedListen.configured(7420, config))
                .isEqualTo(new EmbeddedListen(7420, "0.0.0.0", URI.create("http://laptop.lan:7420")));
    }

    @Test
    void aHostNameOrGarbageIsRefusedWithTheFlagNamed() {
        assertThatThrownBy(() -> new EmbeddedListen(7420, "my-laptop", null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "--bind: expected an IP address such as 127.0.0.1, 0.0.0.0 or 192.168.1.20, got 'my-laptop'");
        assertThatThrownBy(() -> EmbeddedListen.of(7420, null, "ftp://x", "--public-url"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("--public-url: expected an http(s) URL, got 'ftp://x'");
    }

    @Test
    void thePublicUrlIsWhatDevicesAreGiven() throws Exception {
        EmbeddedListen listen = EmbeddedListen.of(0, null, "http://phone-reachable.example:7420", "--public-url");

        try (EmbeddedRelay relay = EmbeddedRelay.start(new BatonHome(dir), listen)) {
            assertThat(relay.url()).isEqualTo(URI.create("http://phone-reachable.example:7420"));
        }
    }
}
