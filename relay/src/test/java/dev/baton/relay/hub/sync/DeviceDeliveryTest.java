package dev.baton.relay.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.EventsFrame;
import dev.baton.protocol.frame.Frames.Sync;
import dev.baton.protocol.frame.SyncStatus;
import dev.baton.relay.hub.EncodedFrame;
import dev.baton.relay.hub.Peer;
import dev.baton.relay.hub.SessionBus.Batch;
import dev.baton.relay.store.EmbeddedStore;
import dev.baton.relay.store.SessionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each device stream's mark against the three ways events reach it, on a real in-memory store. */
class DeviceDeliveryTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final EmbeddedStore store = EmbeddedStore.inMemory(100);
    private final SyncPlanner syncs = new SyncPlanner(store);
    private final DeviceDelivery delivery = new DeviceDelivery(store, syncs);

    DeviceDeliveryTest() {
        store.putSession(SessionRecord.create("ses_1", "acc_1", null, "T", NOW));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aHostsEventsAreSerialisedOnceForEveryDeviceBehindThem() {
        committed("e1", 1, 2);
        Device first = subscribed(null);
        Device second = subscribed(new Cursor("e1", 2));

        delivery.fresh(List.of(first, second), "e1", EncodedEvent.allOf(events(3, 4)));

        assertThat(first.sent).containsExactly(frame(3, 4));
        assertThat(second.sent.getFirst()).isSameAs(first.sent.getFirst());
    }

    @Test
    void devicesGetEachEventInTheTextTheHostSentIt() {
        committed("e1", 1);
        Device device = subscribed(new Cursor("e1", 1));
        String asSent = "{ \"seq\": 2, \"ts\": \"" + NOW + "\", \"type\": \"notice\", \"sealed\": \"opaque2\" }";

        delivery.fresh(List.of(device), "e1", List.of(new EncodedEvent(events(2).getFirst(), asSent)));

        assertThat(device.sent)
                .singleElement()
                .extracting(EncodedFrame::text)
                .isEqualTo("{\"type\":\"events\",\"events\":[" + asSent + "]}");
    }

    @Test
    void aBatchFromAnotherNodeThatADeviceReadFromTheTailIsNotSentAgain() {
        committed("e1", 1, 2, 3);
        Device device = subscribed(null); // the sync carried 1..3 while the batch of 2 and 3 was on its way

        delivery.fromOtherNode(List.of(device), new Batch("ses_1", "e1", events(2, 3)));
        delivery.fromOtherNode(List.of(device), new Batch("ses_1", "e1", events(3, 4)));

        assertThat(device.sent).containsExactly(frame(4));
    }

    @Test
    void aBatchOfAnotherEpochIsSentWholeWithoutReadingTheOldTail() {
        committed("e1", 1, 2, 3);
        Device device = subscribed(null);

        delivery.fromOtherNode(List.of(device), new Batch("ses_1", "e2", events(1, 2)));
        delivery.fromOtherNode(List.of(device), new Batch("ses_1", "e2", events(2, 3)));

        assertThat(device.sent).containsExactly(frame(1, 2), frame(3));
    }

    @Test
    void aForgottenStreamGetsNothingFromAnotherNodeAndAFanOutDoesNotBringItsMarkBack() {
        committed("e1", 1);
        Device device = subscribed(null);
        delivery.forget(device);

        delivery.fresh(
                List.of(device), "e1", EncodedEvent.allOf(events(2))); // it was still in the route when the host sent 2
        delivery.fromOtherNode(List.of(device), new Batch("ses_1", "e1", events(3)));

        assertThat(device.sent).containsExactly(frame(2));
    }

    @Test
    void aHostArrivingLeavesADeviceThatHoldsTheStoredSeqAlone() {
        committed("e1", 1, 2);
        Device device = subscribed(null);

        delivery.hostArrived(List.of(device), session());

        assertThat(device.sent).isEmpty();
    }

    @Test
    void aHostArrivingWithAnotherEpochResyncsTheDeviceWhichThenFollowsThatEpoch() {
        committed("e1", 1, 2);
        Device device = subscribed(null);
        SessionRecord restarted = session().withEpoch("e2").withStoredSeq(0, NOW);
        store.startEpoch(restarted);

        delivery.hostArrived(List.of(device), restarted);
        delivery.fresh(List.of(device), "e2", EncodedEvent.allOf(events(1)));

        assertThat(device.sent).hasSize(2);
        Sync sync = (Sync) device.raw.getFirst();
        assertThat(sync.status()).isEqualTo(SyncStatus.GAP);
        assertThat(sync.epoch()).isEqualTo("e2");
        assertThat(device.sent.get(1)).isEqualTo(frame(1));
    }

    /** What a host committed: the tail and the session record. */
    private void committed(String epoch, long... seqs) {
        store.appendEvents("ses_1", epoch, EncodedEvent.allOf(events(seqs)));
        store.putSession(session().withEpoch(epoch).withStoredSeq(seqs[seqs.length - 1], NOW));
    }

    private SessionRecord session() {
        return store.session("ses_1").orElseThrow();
    }

    /** A device stream that subscribed with {@code cursor} and was sent the planned sync. */
    private Device subscribed(Cursor cursor) {
        Device device = new Device();
        Sync sync = syncs.plan(session(), cursor, true);
        delivery.synced(device, sync, cursor, session());
        return device;
    }

    private static List<SealedEvent> events(long... seqs) {
        return Arrays.stream(seqs)
                .mapToObj(seq -> new SealedEvent(seq, NOW, "notice", null, null, null, null, "opaque" + seq))
                .toList();
    }

    private static EncodedFrame frame(long... seqs) {
        return EncodedFrame.of(new EventsFrame(events(seqs)));
    }

    /** A device stream that records what it is sent: every frame as serialised, and any sent unserialised. */
    private static final class Device implements Peer {
        final List<EncodedFrame> sent = new ArrayList<>();
        final List<Object> raw = new ArrayList<>();

        @Override
        public String sessionId() {
            return "ses_1";
        }

        @Override
        public String deviceId() {
            return "dev_1";
        }

        @Override
        public void send(Object frame) {
            raw.add(frame);
            Peer.super.send(frame);
        }

        @Override
        public void send(EncodedFrame frame) {
            sent.add(frame);
        }

        @Override
        public void close(int code, String reason) {}

        @Override
        public long queuedBytes() {
            return 0;
        }

        @Override
        public long lastHeardNanos() {
            return 0;
        }
    }
}
