package dev.baton.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RelayUrlTest {
    @Test
    void aRelayOnOneAddressNamesIt() {
        assertThat(Relay.publicUrl(RelayConfig.defaults(), 7420)).isEqualTo(URI.create("http://127.0.0.1:7420"));
        assertThat(Relay.publicUrl(RelayConfig.defaults().withBind("::1"), 7420))
                .isEqualTo(URI.create("http://[::1]:7420"));
    }

    @Test
    void aRelayOnEveryAddressNamesTheOneOtherMachinesReach() {
        String expected =
                NetworkAddress.first().map(InetAddress::getHostAddress).orElse("127.0.0.1");

        assertThat(Relay.publicUrl(RelayConfig.defaults().withBind("0.0.0.0"), 7420))
                .isEqualTo(URI.create("http://" + expected + ":7420"));
    }

    @Test
    void thePublicUrlWinsWithoutItsTrailingSlash() {
        assertThat(Relay.publicUrl(
                        RelayConfig.defaults().withBind("0.0.0.0").withPublicUrl(URI.create("https://relay.example/")),
                        7420))
                .isEqualTo(URI.create("https://relay.example"));
    }
}
