package dev.baton.relay.hub.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.baton.protocol.frame.Frames.Viewers;
import dev.baton.relay.hub.Peer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ViewerCountTest {
    private final ViewerCount viewers = new ViewerCount();
    private final Peer host = mock(Peer.class);

    @Test
    void aHostHearsTheCountOnceAndThenOnlyChanges() {
        Peer phone = device("dev_phone");
        assertThat(viewers.recount(host, List.of(), Set.of())).contains(new Viewers(0));
        assertThat(viewers.recount(host, List.of(), Set.of())).isEmpty();
        assertThat(viewers.recount(host, List.of(phone), Set.of())).contains(new Viewers(1));
        assertThat(viewers.recount(host, List.of(phone), Set.of())).isEmpty();
    }

    @Test
    void twoTabsOfOneDeviceCountOnce() {
        assertThat(viewers.recount(host, List.of(device("dev_1"), device("dev_1"), device("dev_2")), Set.of()))
                .contains(new Viewers(2));
    }

    @Test
    void devicesOnOtherNodesCountAndOneOnTwoNodesCountsOnce() {
        assertThat(viewers.recount(host, List.of(device("dev_1")), Set.of("dev_1", "dev_2")))
                .contains(new Viewers(2));
        assertThat(viewers.recount(host, List.of(), Set.of("dev_2"))).contains(new Viewers(1));
    }

    @Test
    void aForgottenHostIsToldAgain() {
        viewers.recount(host, List.of(), Set.of());
        viewers.forget(host);
        assertThat(viewers.recount(host, List.of(), Set.of())).contains(new Viewers(0));
    }

    @Test
    void nobodyToTellWithoutAHost() {
        assertThat(viewers.recount(null, List.of(device("dev_1")), Set.of())).isEmpty();
    }

    private static Peer device(String id) {
        Peer peer = mock(Peer.class);
        when(peer.deviceId()).thenReturn(id);
        return peer;
    }
}
