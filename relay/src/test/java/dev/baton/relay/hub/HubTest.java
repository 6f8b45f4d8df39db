package dev.baton.relay.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.Ack;
import dev.baton.protocol.frame.Frames.EventsFrame;
import dev.baton.protocol.frame.Frames.Hello;
import dev.baton.protocol.frame.Frames.Presence;
import dev.baton.protocol.frame.Frames.Sync;
import dev.baton.protocol.frame.Frames.Viewers;
import dev.baton.protocol.frame.Frames.Welcome;
import dev.baton.protocol.frame.SyncStatus;
import dev.baton.relay.TestSeal;
import dev.baton.relay.store.EmbeddedStore;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.SessionRecord;
import dev.baton.relay.work.LocalWorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

class HubTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration PING = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void anEventIsFannedOutBeforeItIsWrittenAndAcknowledgedOnlyOnceStored() {
        RelayStore store = storeOfOneSession();
        Peer host = peer("ses_1", null);
        Peer device = peer("ses_1", "dev_1");
        SealedEvent event = oneEventFollowed(store, host, device, TestSeal.hello("e1", 0, null));

        InOrder order = inOrder(device, store);
        order.verify(device).send(EncodedFrame.of(new EventsFrame(List.of(event))));
        order.verify(store).atomically(any()); // after: the write may wait for the store's commit
        ArgumentCaptor<Runnable> stored = ArgumentCaptor.forClass(Runnable.class);
        verify(store).whenDurable(stored.capture());
        verify(host, never()).send(new Ack(1));

        stored.getValue().run();

        verify(host).send(new Ack(1));
    }

    @Test
    void aHostThatWantsNoAcksGetsNoneAndNobodyWaitsForItsWrite() {
        RelayStore store = storeOfOneSession();
        Peer host = peer("ses_1", null);
        Peer device = peer("ses_1", "dev_1");
        Hello hello = TestSeal.hello("e1", 0, null);
        SealedEvent event =
                oneEventFollowed(store, host, device, new Hello(hello.protocol(), "e1", 0, null, hello.key(), false));

        verify(device).send(EncodedFrame.of(new EventsFrame(List.of(event))));
        verify(store).atomically(any());
        verify(store, never()).whenDurable(any());
        verify(host, never()).send(any(Ack.class));
    }

    /** A store holding session ses_1 of epoch e1, whose atomic writes run at once. */
    private static RelayStore storeOfOneSession() {
        RelayStore store = mock(RelayStore.class);
        when(store.session("ses_1"))
                .thenReturn(Optional.of(
                        SessionRecord.create("ses_1", "acc_1", null, "T", NOW).withEpoch("e1")));
        doAnswer(call -> {
                    call.<Runnable>getArgument(0).run();
                    return null;
                })
                .when(store)
                .atomically(any());
        return store;
    }

    /** {@code host} says {@code hello}, {@code device} subscribes, and the host sends one event: that one. */
    private static SealedEvent oneEventFollowed(RelayStore store, Peer host, Peer device, Hello hello) {
        Hub hub = new Hub(store, new LocalWorkQueue(), Clock.systemUTC(), PING, TIMEOUT);
        hub.opened(host);
        hub.opened(device);
        hub.hello(host, hello);
        hub.subscribe(device, null);
        SealedEvent event = new SealedEvent(1, NOW, "notice", null, null, null, null, "opaque");
        hub.events(host, EncodedEvent.allOf(List.of(event)));
        return event;
    }

    @Test
    void aDeviceThatSubscribedBeforeAnyHostGetsTheEpochAndKeyWhenTheHostArrives() {
        try (EmbeddedStore store = EmbeddedStore.inMemory(100)) {
            store.putSession(SessionRecord.create("ses_1", "acc_1", null, "T", NOW));
            Hub hub = new Hub(store, new LocalWorkQueue(), Clock.systemUTC(), PING, TIMEOUT);
            Peer device = peer("ses_1", "dev_1");
            Peer host = peer("ses_1", null);
            hub.opened(device);
            hub.subscribe(device, null);
            hub.opened(host);
            hub.hello(host, TestSeal.hello("e1", 0, null));

            ArgumentCaptor<Object> frames = ArgumentCaptor.forClass(Object.class);
            verify(device, org.mockito.Mockito.atLeast(2)).send(frames.capture());
            List<Sync> syncs = frames.getAllValues().stream()
                    .filter(Sync.class::isInstance)
                    .map(Sync.class::cast)
                    .toList();
            assertThat(syncs).hasSize(2);
            assertThat(syncs.get(0).epoch()).isNull();
            assertThat(syncs.get(0).key()).isNull();
            assertThat(syncs.get(1).epoch()).isEqualTo("e1");
            assertThat(syncs.get(1).key()).isEqualTo(TestSeal.KEY);
            assertThat(syncs.get(1).status()).isEqualTo(SyncStatus.GAP);

            // Events of that epoch then go to the device as to any other.
            SealedEvent first = TestSeal.sealed(new Event(1, NOW, null, null, new EventBody.Notice("n1")));
            hub.events(host, EncodedEvent.allOf(List.of(first)));
            verify(device).send(EncodedFrame.of(new EventsFrame(List.of(first))));
        }
    }

    @Test
    void aDeviceAheadOfATailLostInACrashKeepsWhatItHoldsAndGetsOnlyWhatFollows() {
        try (EmbeddedStore store = EmbeddedStore.inMemory(100)) {
            // The relay fanned out 1 and 2, then crashed before committing them: it came back with none.
            store.putSession(
                    SessionRecord.create("ses_1", "acc_1", null, "T", NOW).withEpoch("e1"));
            Hub hub = new Hub(store, new LocalWorkQueue(), Clock.systemUTC(), PING, TIMEOUT);
            Peer device = peer("ses_1", "dev_1");
            Peer host = peer("ses_1", null);
            hub.opened(device);
            hub.subscribe(device, new Cursor("e1", 2));
            ArgumentCaptor<Object> sync = ArgumentCaptor.forClass(Object.class);
            verify(device).send(sync.capture());
            assertThat(sync.getValue()).isInstanceOfSatisfying(Sync.class, ok -> {
                assertThat(ok.status()).isEqualTo(SyncStatus.OK);
                assertThat(ok.events()).isEmpty();
            });

            hub.opened(host);
            hub.hello(host, TestSeal.hello("e1", 0, null));
            verify(host).send(new Welcome(0, PING.toMillis(), TIMEOUT.toMillis()));
            List<SealedEvent> resent = IntStream.rangeClosed(1, 3)
                    .mapToObj(seq -> TestSeal.sealed(new Event(seq, NOW, null, null, new EventBody.Notice("n" + seq))))
                    .toList();
            hub.events(host, EncodedEvent.allOf(resent.subList(0, 2)));
            hub.events(host, EncodedEvent.allOf(resent.subList(2, 3)));
            SealedEvent fourth = TestSeal.sealed(new Event(4, NOW, null, null, new EventBody.Notice("n4")));
            hub.events(host, EncodedEvent.allOf(List.of(fourth)));

            InOrder order = inOrder(device);
            order.verify(device).send(EncodedFrame.of(new EventsFrame(List.of(resent.get(2)))));
            order.verify(device).send(EncodedFrame.of(new EventsFrame(List.of(fourth))));
            verify(device, never()).send(EncodedFrame.of(new EventsFrame(resent.subList(0, 2))));
            verify(host).send(new Ack(4));
        }
    }

    @Test
    void sessionsNobodyIsConnectedToTakeNoRoute() {
        try (EmbeddedStore store = EmbeddedStore.inMemory(100)) {
            Hub hub = new Hub(store, new LocalWorkQueue(), Clock.systemUTC(), PING, TIMEOUT);
            List<Peer> streams = IntStream.range(0, 50)
                    .boxed()
                    .flatMap(i -> {
                        String id = "ses_" + i;
                        store.putSession(SessionRecord.create(id, "acc_1", null, "T", NOW));
                        return java.util.stream.Stream.of(peer(id, null), peer(id, "dev_" + i));
                    })
                    .toList();
            for (Peer stream : streams) {
                hub.opened(stream);
                if (stream.deviceId() == null) {
                    hub.hello(stream, TestSeal.hello("e1", 0, null));
                } else {
                    hub.subscribe(stream, null);
                    hub.visibility(stream, true);
                }
            }
            assertThat(hub.routedSessions()).isEqualTo(50);

            streams.forEach(hub::closed);

            assertThat(hub.routedSessions()).isZero();
            assertThat(hub.peers()).isEmpty();
            assertThat(hub.isOnline("ses_7")).isFalse();
            assertThat(hub.presenceSince("ses_7"))
                    .as("offline since when outlives the route")
                    .isPresent();
        }
    }

    @Test
    void aHostLeavingTellsItsDevicesAndAHostArrivingHearsItsViewers() {
        try (EmbeddedStore store = EmbeddedStore.inMemory(100)) {
            store.putSession(SessionRecord.create("ses_1", "acc_1", null, "T", NOW));
            Hub hub = new Hub(store, new LocalWorkQueue(), Clock.systemUTC(), PING, TIMEOUT);
            Peer device = peer("ses_1", "dev_1");
            Peer host = peer("ses_1", null);
            hub.opened(device);
            hub.subscribe(device, null);
            hub.opened(host);
            hub.hello(host, TestSeal.hello("e1", 0, null));
            verify(host).send(new Viewers(1));

            hub.closed(host);

            InOrder order = inOrder(device);
            order.verify(device)
                    .send(argThat((EncodedFrame frame) -> frame.text().contains("\"online\":true")));
            order.verify(device)
                    .send(EncodedFrame.of(
                            new Presence(false, hub.presenceSince("ses_1").orElseThrow())));
            assertThat(hub.isOnline("ses_1")).isFalse();
            assertThat(hub.routedSessions()).as("the device still follows it").isEqualTo(1);
        }
    }

    private static Peer peer(String sessionId, String deviceId) {
        Peer peer = mock(Peer.class);
        when(peer.sessionId()).thenReturn(sessionId);
        when(peer.deviceId()).thenReturn(deviceId);
        return peer;
    }
}
