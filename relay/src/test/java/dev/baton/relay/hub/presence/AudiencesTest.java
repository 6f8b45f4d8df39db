package dev.baton.relay.hub.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.baton.protocol.frame.Frames.Viewers;
import dev.baton.relay.hub.Peer;
import dev.baton.relay.hub.SessionBus;
import dev.baton.relay.hub.SessionBus.Audience;
import dev.baton.relay.hub.routing.Route;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A session's audience with the other nodes standing in as the bus: the one boundary it has. */
class AudiencesTest {
    private final SessionBus bus = mock(SessionBus.class);
    private final Audiences audiences = new Audiences(bus);
    private final Route route = new Route();

    @Test
    void thisNodesShareGoesToTheBusByDeviceId() {
        Peer device = peer("dev_1");
        route.subscribe(device);
        route.look(device, true);

        audiences.share("ses_1", route);

        verify(bus).audience("ses_1", new Audience(Set.of("dev_1"), Set.of("dev_1")));
    }

    @Test
    void aPageInFrontOnAnyNodeIsSomeoneLooking() {
        when(bus.elsewhere("ses_1")).thenReturn(Audience.NONE);
        assertThat(audiences.anyoneLooking("ses_1", route)).isFalse();

        when(bus.elsewhere("ses_1")).thenReturn(new Audience(Set.of("dev_9"), Set.of("dev_9")));
        assertThat(audiences.anyoneLooking("ses_1", route)).isTrue();

        Peer here = peer("dev_1");
        route.subscribe(here);
        route.look(here, true);
        when(bus.elsewhere("ses_1")).thenReturn(Audience.NONE);
        assertThat(audiences.anyoneLooking("ses_1", route)).isTrue();
    }

    @Test
    void theHostHearsOnlyChangesAndANewHostStartsOutToldNothing() {
        when(bus.elsewhere("ses_1")).thenReturn(new Audience(Set.of("dev_9"), Set.of()));
        Peer host = peer(null);
        route.replaceHost(host, "e1", true);
        route.subscribe(peer("dev_1"));

        audiences.tellHost(route);
        audiences.tellHost(route);
        verify(host).send(new Viewers(2));

        audiences.forgetHost(host);
        audiences.tellHost(route);
        verify(host, times(2)).send(new Viewers(2));
    }

    private static Peer peer(String deviceId) {
        Peer peer = mock(Peer.class);
        when(peer.sessionId()).thenReturn("ses_1");
        when(peer.deviceId()).thenReturn(deviceId);
        return peer;
    }
}
