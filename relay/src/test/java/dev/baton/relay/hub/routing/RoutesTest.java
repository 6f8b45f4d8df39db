package dev.baton.relay.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.baton.relay.hub.EncodedFrame;
import dev.baton.relay.hub.Peer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutesTest {
    private final Routes routes = new Routes();

    @Test
    void aRouteIsDroppedOnceItsLastStreamLeaves() {
        Peer host = peer("ses_1", null);
        Peer device = peer("ses_1", "dev_1");
        routes.update("ses_1", route -> route.replaceHost(host, "e1", true));
        routes.update("ses_1", route -> route.subscribe(device));
        assertThat(routes.size()).isEqualTo(1);

        routes.updateIfPresent("ses_1", route -> assertThat(route.remove(host)).isTrue());
        assertThat(routes.size()).as("a device still follows the session").isEqualTo(1);

        routes.updateIfPresent(
                "ses_1", route -> assertThat(route.remove(device)).isFalse());
        assertThat(routes.size()).isZero();
    }

    @Test
    void aChangeThatLeavesNobodyKeepsNoRoute() {
        List<Route> seen = new ArrayList<>();
        routes.update("ses_1", seen::add);
        assertThat(routes.size()).isZero();

        routes.update("ses_1", seen::add);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1)).as("a dropped route is never handed out again").isNotSameAs(seen.get(0));
    }

    @Test
    void aStreamJoiningWhileTheRouteIsDroppedLandsInTheLiveOne() throws Exception {
        List<Peer> stayers = java.util.Collections.synchronizedList(new ArrayList<>());
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                Peer device = peer("ses_1", "dev_" + i);
                boolean stays = i % 100 == 0;
                done.add(threads.submit(() -> {
                    routes.update("ses_1", route -> route.subscribe(device));
                    if (stays) {
                        stayers.add(device);
                    } else {
                        routes.updateIfPresent("ses_1", route -> route.remove(device));
                    }
                }));
            }
            for (var future : done) {
                future.get();
            }
        }
        assertThat(routes.size()).isEqualTo(1);
        routes.updateIfPresent(
                "ses_1", route -> assertThat(route.devices()).containsExactlyInAnyOrderElementsOf(stayers));
    }

    @Test
    void updateIfPresentMakesNoRoute() {
        List<Route> seen = new ArrayList<>();
        routes.updateIfPresent("ses_1", seen::add);
        assertThat(seen).isEmpty();
        assertThat(routes.size()).isZero();
    }

    @Test
    void aPageInFrontKeepsItsRouteUntilItLeaves() {
        Peer device = peer("ses_1", "dev_1");
        routes.update("ses_1", route -> route.look(device, true));
        routes.updateIfPresent(
                "ses_1", route -> assertThat(route.anyoneLooking()).isTrue());
        routes.updateIfPresent("ses_1", route -> route.look(device, false));
        assertThat(routes.size()).isZero();
    }

    @Test
    void framesGoToTheSubscribedDevicesAndTheHost() {
        Peer host = peer("ses_1", null);
        Peer device = peer("ses_1", "dev_1");
        Peer other = peer("ses_2", "dev_2");
        routes.update("ses_2", route -> route.subscribe(other));
        routes.update("ses_1", route -> {
            assertThat(route.toHost("input")).as("nobody hosts yet").isFalse();
            route.replaceHost(host, "e1", true);
            route.subscribe(device);
            route.toDevices("event");
            assertThat(route.toHost("input")).isTrue();
        });
        verify(device).send(EncodedFrame.of("event"));
        verify(host).send("input");
        verifyNoInteractions(other);
    }

    @Test
    void aFrameIsSerialisedOnceForAllDevices() {
        Peer first = peer("ses_1", "dev_1");
        Peer second = peer("ses_1", "dev_2");
        List<EncodedFrame> sent = new ArrayList<>();
        org.mockito.Mockito.doAnswer(call -> sent.add(call.getArgument(0)))
                .when(first)
                .send(any(EncodedFrame.class));
        org.mockito.Mockito.doAnswer(call -> sent.add(call.getArgument(0)))
                .when(second)
                .send(any(EncodedFrame.class));
        routes.update("ses_1", route -> {
            route.subscribe(first);
            route.subscribe(second);
            route.toDevices(java.util.Map.of("type", "ping"));
        });
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).as("the same encoded frame, not an equal copy").isSameAs(sent.get(0));
        assertThat(sent.get(0).text()).isEqualTo("{\"type\":\"ping\"}");
        assertThat(sent.get(0).utf8Bytes()).isEqualTo(15);
    }

    @Test
    void openStreamsAreTrackedApartFromRoutes() {
        Peer device = peer("ses_1", "dev_1");
        routes.opened(device);
        assertThat(routes.isOpen(device)).isTrue();
        assertThat(routes.peers()).containsExactly(device);
        assertThat(routes.forget(device)).isTrue();
        assertThat(routes.forget(device)).as("forgotten once").isFalse();
        assertThat(routes.peers()).isEmpty();
    }

    private static Peer peer(String sessionId, String deviceId) {
        Peer peer = mock(Peer.class);
        when(peer.sessionId()).thenReturn(sessionId);
        when(peer.deviceId()).thenReturn(deviceId);
        return peer;
    }
}
