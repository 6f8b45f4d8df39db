package dev.baton.relay.hub;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.DevicesChanged;
import dev.baton.protocol.frame.Frames.EventsFrame;
import dev.baton.protocol.frame.Frames.Viewers;
import dev.baton.relay.TestSeal;
import dev.baton.relay.hub.SessionBus.Audience;
import dev.baton.relay.hub.SessionBus.Batch;
import dev.baton.relay.hub.SessionBus.Follower;
import dev.baton.relay.hub.SessionBus.Holder;
import dev.baton.relay.hub.presence.Attention;
import dev.baton.relay.store.EmbeddedStore;
import dev.baton.relay.store.SessionRecord;
import dev.baton.relay.work.LocalWorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * One node's hub among several on one store: what the bus says of the other nodes (batches, their
 * audience) is the only thing standing in for them; the store is a real one, as the nodes share it.
 */
class HubAcrossNodesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration PING = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final java.util.Map<Long, SealedEvent> SEALED = new java.util.concurrent.ConcurrentHashMap<>();

    private final EmbeddedStore store = EmbeddedStore.inMemory(100);
    private final SessionBus bus = mock(SessionBus.class);
    private final Attention attention = mock(Attention.class);
    private final Hub hub = new Hub(store, new LocalWorkQueue(), bus, Clock.systemUTC(), PING, TIMEOUT, attention);

    HubAcrossNodesTest() {
        store.putSession(SessionRecord.create("ses_1", "acc_1", null, "T", NOW));
        when(bus.hostOnline(anyString())).thenReturn(Optional.of(true));
        when(bus.elsewhere(anyString())).thenReturn(Audience.NONE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void batchesAnotherNodeCommittedButNeverPublishedReachTheDeviceFromTheTailInOrder() {
        committedElsewhere(1, 2);
        Peer device = peer("dev_1");
        hub.opened(device);
        hub.subscribe(device, null); // the sync carries 1 and 2
        ArgumentCaptor<Follower> follower = ArgumentCaptor.forClass(Follower.class);
        verify(bus).follow(eq("ses_1"), follower.capture());

        // The other node commits 3 and dies before publishing it; 4 is published from its next holder.
        committedElsewhere(3, 4);
        follower.getValue().batch(new Batch("ses_1", "e1", List.of(event(4))));

        InOrder order = inOrder(device);
        order.verify(device).send(new EventsFrame(List.of(event(3))));
        order.verify(device).send(new EventsFrame(List.of(event(4))));
    }

    @Test
    void aHostArrivingHereFirstBringsDevicesHereUpToTheStoredSeq() {
        committedElsewhere(1);
        Peer device = peer("dev_1");
        hub.opened(device);
        hub.subscribe(device, null);
        committedElsewhere(2, 3); // the host's node died before publishing these

        Peer host = peer(null);
        hub.opened(host);
        hub.hello(host, TestSeal.hello("e1", 3, null));
        hub.events(host, EncodedEvent.allOf(List.of(event(4))));

        InOrder order = inOrder(device);
        order.verify(device).send(new EventsFrame(List.of(event(2), event(3))));
        order.verify(device).send(EncodedFrame.of(new EventsFrame(List.of(event(4)))));
    }

    @Test
    void theHostCountsDevicesOnOtherNodesAndHearsWhenTheyChange() {
        when(bus.elsewhere("ses_1")).thenReturn(new Audience(Set.of("dev_9"), Set.of()));
        Peer host = peer(null);
        hub.opened(host);
        hub.hello(host, TestSeal.hello("e1", 0, null));
        verify(host).send(new Viewers(1));

        Peer device = peer("dev_9"); // the same device here too: still one
        hub.opened(device);
        hub.subscribe(device, null);
        verify(bus).audience("ses_1", new Audience(Set.of("dev_9"), Set.of()));

        ArgumentCaptor<Holder> holder = ArgumentCaptor.forClass(Holder.class);
        verify(bus).host(eq("ses_1"), eq("e1"), holder.capture());
        when(bus.elsewhere("ses_1")).thenReturn(new Audience(Set.of("dev_9", "dev_8"), Set.of()));
        holder.getValue().audienceChanged("ses_1");
        verify(host).send(new Viewers(2));
    }

    @Test
    void aPageInFrontOnAnotherNodeHoldsThePushBack() {
        Peer host = peer(null);
        hub.opened(host);
        hub.hello(host, TestSeal.hello("e1", 0, null));

        when(bus.elsewhere("ses_1")).thenReturn(new Audience(Set.of("dev_9"), Set.of("dev_9")));
        hub.events(host, EncodedEvent.allOf(List.of(event(1))));
        verify(attention, never()).unseen(any(), any());

        when(bus.elsewhere("ses_1")).thenReturn(new Audience(Set.of("dev_9"), Set.of()));
        hub.events(host, EncodedEvent.allOf(List.of(event(2))));
        verify(attention).unseen(any(SessionRecord.class), eq(List.of(event(2))));
    }

    @Test
    void aDeviceChangeReachesTheHostHereAtOnceAndAHostElsewhereThroughTheBus() {
        hub.devicesChanged(List.of("ses_1"));
        verify(bus).devicesChanged("ses_1"); // no host here: the node holding it is told

        Peer host = peer(null);
        hub.opened(host);
        hub.hello(host, TestSeal.hello("e1", 0, null));
        hub.devicesChanged(List.of("ses_1"));
        verify(host).send(new DevicesChanged());
        verify(bus).devicesChanged("ses_1"); // still only the first time

        ArgumentCaptor<Holder> fromAnotherNode = ArgumentCaptor.forClass(Holder.class);
        verify(bus).host(eq("ses_1"), eq("e1"), fromAnotherNode.capture());
        fromAnotherNode.getValue().devicesChanged("ses_1");
        verify(host, times(2)).send(new DevicesChanged());
    }

    /** What a host on another node committed: the tail and the session record, in the shared store. */
    private void committedElsewhere(long... seqs) {
        List<SealedEvent> events = java.util.Arrays.stream(seqs)
                .mapToObj(HubAcrossNodesTest::event)
                .toList();
        store.appendEvents("ses_1", "e1", EncodedEvent.allOf(events));
        SessionRecord session = store.session("ses_1").orElseThrow();
        store.putSession(session.withEpoch("e1").withStoredSeq(events.getLast().seq(), NOW));
    }

    /** The same sealed event for a seq each time (sealing twice would give two different blobs). */
    private static SealedEvent event(long seq) {
        return SEALED.computeIfAbsent(
                seq, s -> TestSeal.sealed(new Event(s, NOW, null, null, new EventBody.Notice("n" + s))));
    }

    private static Peer peer(String deviceId) {
        Peer peer = mock(Peer.class);
        when(peer.sessionId()).thenReturn("ses_1");
        when(peer.deviceId()).thenReturn(deviceId);
        return peer;
    }
}
