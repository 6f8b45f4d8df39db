package dev.baton.relay;

import static dev.baton.relay.RelayFixture.answering;
import static dev.baton.relay.RelayFixture.messages;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Cursor;
import dev.baton.protocol.Json;
import dev.baton.protocol.SessionKey;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Input;
import dev.baton.protocol.frame.Frames.DeltaFrame;
import dev.baton.protocol.frame.Frames.EventsFrame;
import dev.baton.protocol.frame.Frames.InputFrame;
import dev.baton.protocol.frame.Frames.SnapshotFrame;
import dev.baton.protocol.frame.Frames.Subscribe;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A host streams its session and a paired device follows it and types into it. */
class StreamFlowTest {
    private RelayFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new RelayFixture(RelayConfig.defaults().withTailLimit(5));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void hostIsWelcomedAndAcked() {
        Stream host = fixture.host();
        host.send(TestSeal.hello("epoch-a", 3, new Snapshot("First", false, List.of(), false)));
        JsonNode welcome = host.next("welcome");
        assertThat(welcome.path("storedSeq").asLong()).isZero();
        // Extension: the host learns the relay's liveness window, so both ends agree on a dead stream.
        assertThat(welcome.path("pingIntervalMs").asLong()).isEqualTo(10_000);
        assertThat(welcome.path("livenessTimeoutMs").asLong()).isEqualTo(30_000);

        host.send(new EventsFrame(messages(1, 3)));
        assertThat(host.next("ack").path("seq").asLong()).isEqualTo(3);

        // Resent events are ignored; the ack still names the highest stored seq.
        host.send(new EventsFrame(messages(2, 4)));
        assertThat(host.next("ack").path("seq").asLong()).isEqualTo(4);
    }

    @Test
    void reconnectingHostIsToldWhatTheRelayHolds() {
        Stream first = fixture.hostWithHello("epoch-a", 0);
        first.send(new EventsFrame(messages(1, 2)));
        first.next("ack");
        first.close();

        Stream same = fixture.host();
        same.send(TestSeal.hello("epoch-a", 2, null));
        assertThat(same.next("welcome").path("storedSeq").asLong()).isEqualTo(2);
        same.close();

        Stream other = fixture.host();
        other.send(TestSeal.hello("epoch-b", 7, null));
        assertThat(other.next("welcome").path("storedSeq").asLong()).isZero();
    }

    @Test
    void holeInSeqIsRefusedAndNothingAfterItStored() {
        Stream host = fixture.hostWithHello("epoch-a", 0);
        host.send(new EventsFrame(List.of(RelayFixture.message(1, "one"), RelayFixture.message(3, "three"))));
        JsonNode error = host.next("error");
        assertThat(error.path("code").asText()).isEqualTo("bad_request");
        assertThat(error.path("message").asText()).contains("expected seq 2");
        assertThat(host.next("ack").path("seq").asLong()).isEqualTo(1);
    }

    @Test
    void deviceReceivesSyncThenLiveEventsInOrder() {
        Stream host = fixture.hostWithHello("epoch-a", 0);
        host.send(new EventsFrame(messages(1, 2)));
        host.next("ack");

        Stream device = fixture.device();
        device.send(new Subscribe(null));
        JsonNode sync = device.next("sync");
        assertThat(sync.path("status").asText()).isEqualTo("gap");
        assertThat(sync.path("epoch").asText()).isEqualTo("epoch-a");
        assertThat(seqs(sync)).containsExactly(1L, 2L);
        assertThat(sync.path("online").asBoolean()).isTrue();
        assertThat(sync.path("snapshot").path("online").asBoolean()).isTrue();
        assertThat(TestSeal.openTitle(sync.path("snapshot").path("title").asText()))
                .isEqualTo("First");
        assertThat(Json.MAPPER.convertValue(sync.path("key"), SessionKey.class)).isEqualTo(TestSeal.KEY);
        assertThat(sync.path("truncated").asBoolean()).isFalse();

        host.send(new EventsFrame(messages(3, 3)));
        host.send(new EventsFrame(messages(4, 5)));
        host.send(TestSeal.delta("m1", 0, "hel"));
        assertThat(seqs(device.next("events"))).containsExactly(3L);
        assertThat(seqs(device.next("events"))).containsExactly(4L, 5L);
        JsonNode delta = device.next("delta");
        assertThat(TestSeal.SEAL.open(TestSeal.EPOCH, Json.MAPPER.convertValue(delta, DeltaFrame.class)))
                .isEqualTo("hel");
    }

    @Test
    void syncIsOkWhenTheCursorIsContinuousAndGapOtherwise() {
        Stream host = fixture.hostWithHello("epoch-a", 0);
        host.send(new EventsFrame(messages(1, 4)));
        host.next("ack");

        Stream device = fixture.device();
        device.send(new Subscribe(new Cursor("epoch-a", 2)));
        JsonNode ok = device.next("sync");
        assertThat(ok.path("status").asText()).isEqualTo("ok");
        assertThat(seqs(ok)).containsExactly(3L, 4L);

        device.send(new Subscribe(new Cursor("epoch-old", 2)));
        JsonNode otherEpoch = device.next("sync");
        assertThat(otherEpoch.path("status").asText()).isEqualTo("gap");
        assertThat(seqs(otherEpoch)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(otherEpoch.path("truncated").asBoolean()).isFalse();

        // The tail holds 5 events: after 8 it starts at 4, so a cursor at 1 cannot be continued.
        host.send(new EventsFrame(messages(5, 8)));
        host.next("ack");
        device.await(Stream.type("events"));
        device.send(new Subscribe(new Cursor("epoch-a", 1)));
        JsonNode truncated = device.next("sync");
        assertThat(truncated.path("status").asText()).isEqualTo("gap");
        assertThat(truncated.path("truncated").asBoolean()).isTrue();
        assertThat(seqs(truncated)).containsExactly(4L, 5L, 6L, 7L, 8L);

        device.send(new Subscribe(new Cursor("epoch-a", 3)));
        JsonNode justInTime = device.next("sync");
        assertThat(justInTime.path("status").asText()).isEqualTo("ok");
        assertThat(seqs(justInTime)).containsExactly(4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void snapshotFramesReachDevicesThroughSync() {
        Stream host = fixture.hostWithHello("epoch-a", 0);
        host.send(new SnapshotFrame(TestSeal.snapshot(new Snapshot("Renamed", true, List.of(), false))));
        host.send(new EventsFrame(messages(1, 1)));
        host.next("ack"); // frames are handled in order, so the snapshot is stored by now

        Stream device = fixture.device();
        device.send(new Subscribe(null));
        JsonNode snapshot = device.next("sync").path("snapshot");
        assertThat(TestSeal.openTitle(snapshot.path("title").asText())).isEqualTo("Renamed");
        assertThat(snapshot.path("processing").asBoolean()).isTrue();
    }

    @Test
    void inputsAreForwardedWithTheDeviceIdFromTheToken() {
        Stream host = fixture.hostWithHello("epoch-a", 0);
        Stream device = fixture.device();
        device.send(new Subscribe(null));
        device.next("sync");

        device.send(new InputFrame(
                "in-1",
                "forged-device",
                TestSeal.input("in-1", new Input.Message("hello")).sealed()));
        JsonNode input = host.next("input");
        assertThat(input.path("inputId").asText()).isEqualTo("in-1");
        assertThat(input.path("deviceId").asText()).isEqualTo(fixture.device.deviceId());
        assertThat(input.has("input")).as("only sealed").isFalse();
        assertThat(TestSeal.open(Json.MAPPER.convertValue(input, InputFrame.class)))
                .isEqualTo(new Input.Message("hello"));
    }

    @Test
    void inputWhileHostIsAwayIsQueuedDeliveredAfterWelcomeAndDroppedOnceAnswered() {
        Stream device = fixture.device();
        device.send(new Subscribe(null));
        device.next("sync");
        device.send(TestSeal.input("in-1", new Input.Message("while away")));
        assertThat(device.next("inputQueued").path("inputId").asText()).isEqualTo("in-1");

        Stream host = fixture.host();
        host.send(TestSeal.hello("epoch-a", 0, null));
        host.next("welcome");
        JsonNode delivered = host.next("input");
        assertThat(delivered.path("inputId").asText()).isEqualTo("in-1");

        // Not answered yet: a reconnecting host gets it again.
        host.close();
        Stream again = fixture.host();
        again.send(TestSeal.hello("epoch-a", 0, null));
        again.next("welcome");
        assertThat(again.next("input").path("inputId").asText()).isEqualTo("in-1");

        again.send(new EventsFrame(List.of(answering(1, "in-1", fixture.device.deviceId()))));
        again.next("ack");
        again.close();

        Stream last = fixture.host();
        last.send(TestSeal.hello("epoch-a", 1, null));
        last.next("welcome");
        last.send(new EventsFrame(messages(2, 2)));
        // The next frame after welcome is the ack: no input was redelivered.
        assertThat(last.next("ack").path("seq").asLong()).isEqualTo(2);
    }

    @Test
    void secondHostConnectionReplacesTheFirst() {
        Stream first = fixture.hostWithHello("epoch-a", 0);
        Stream second = fixture.hostWithHello("epoch-a", 0);
        assertThat(first.next("error").path("code").asText()).isEqualTo("host_replaced");
        first.awaitClosed();

        second.send(new EventsFrame(messages(1, 1)));
        assertThat(second.next("ack").path("seq").asLong()).isEqualTo(1);
    }

    @Test
    void pingIsAnsweredWithPong() {
        Stream device = fixture.device();
        device.sendText("{\"type\":\"ping\"}");
        device.next("pong");
        Stream host = fixture.host();
        host.sendText("{\"type\":\"ping\"}");
        host.next("pong");
    }

    @Test
    void closingTheRelayClosesEveryStreamAsGoingAway() {
        Stream host = fixture.hostWithHello("epoch-a", 0);
        Stream device = fixture.device();
        device.send(new Subscribe(null));
        device.next("sync");

        fixture.relay.close();
        assertThat(host.awaitClosed()).isEqualTo(1001);
        assertThat(device.awaitClosed()).isEqualTo(1001);
    }

    static List<Long> seqs(JsonNode frame) {
        return StreamSupport.stream(frame.path("events").spliterator(), false)
                .map(event -> event.path("seq").asLong())
                .toList();
    }
}
