package dev.baton.relay.hub.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.baton.protocol.SealedSnapshot;
import dev.baton.protocol.SessionKey;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.InputFrame;
import dev.baton.relay.hub.persistence.SessionLog.Appended;
import dev.baton.relay.hub.persistence.SessionLog.Kept;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.SessionRecord;
import dev.baton.relay.store.StaleEpochException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class SessionLogTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final RelayStore store = mock(RelayStore.class);
    private final SessionLog log = new SessionLog(store);
    private final SessionRecord session = SessionRecord.create("ses_1", "acc_1", null, "Title", NOW)
            .withEpoch("e1")
            .withStoredSeq(2, NOW);

    SessionLogTest() {
        when(store.session("ses_1")).thenReturn(Optional.of(session));
        doAnswer(call -> {
                    call.<Runnable>getArgument(0).run();
                    return null;
                })
                .when(store)
                .atomically(any());
    }

    @Test
    void eventsAreStoredWithTheirRecordAsOneWriteWithoutWaitingForACommit() {
        EncodedEvent answer = event(3, "in_1");
        Appended appended =
                log.continuing("ses_1", "e1", List.of(event(1, null), event(2, null), answer, event(4, null)));

        assertThat(appended.fresh())
                .extracting(EncodedEvent::seq)
                .as("1 and 2 are already held")
                .containsExactly(3L, 4L);
        assertThat(appended.session().storedSeq()).isEqualTo(4);
        assertThat(appended.hole()).isNull();
        verify(store, never()).atomically(any());

        log.write(appended);

        InOrder order = inOrder(store);
        order.verify(store).atomically(any());
        order.verify(store).appendEvents("ses_1", "e1", List.of(answer, event(4, null)));
        order.verify(store).dropInputs("ses_1", List.of("in_1"));
        order.verify(store).putSession(session.withStoredSeq(4, NOW));
        verify(store, never()).commit();
    }

    @Test
    void aSeqThatDoesNotFollowStopsTheBatch() {
        Appended appended = log.continuing("ses_1", "e1", List.of(event(3, null), event(5, null), event(6, null)));
        log.write(appended);

        assertThat(appended.fresh()).extracting(EncodedEvent::seq).containsExactly(3L);
        assertThat(appended.hole()).isEqualTo("expected seq 4, got 5; resend from 4");
        verify(store).appendEvents("ses_1", "e1", List.of(event(3, null)));
    }

    @Test
    void aResentBatchWritesNothing() {
        Appended appended = log.continuing("ses_1", "e1", List.of(event(1, null), event(2, null)));
        log.write(appended);

        assertThat(appended.fresh()).isEmpty();
        assertThat(appended.session().storedSeq()).isEqualTo(2);
        verify(store, never()).appendEvents(anyString(), anyString(), any());
        verify(store, never()).atomically(any());
    }

    @Test
    void eventsOfAnEpochTheSessionHasLeftAreRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> log.continuing("ses_1", "e0", List.of(event(3, null))))
                .isInstanceOf(StaleEpochException.class)
                .hasMessage("the tail of session ses_1 has left epoch e0 for a newer one");
        verify(store, never()).atomically(any());
    }

    @Test
    void aNewEpochDropsTheStoredTail() {
        SealedSnapshot snapshot = new SealedSnapshot("sealed title", false, List.of(), true);
        SessionKey key = new SessionKey("kid", "wrapped");
        SessionRecord opened = log.hello("ses_1", "e2", snapshot, key);

        assertThat(opened.epoch()).isEqualTo("e2");
        assertThat(opened.storedSeq()).isZero();
        assertThat(opened.snapshot()).isEqualTo(snapshot);
        assertThat(opened.key()).isEqualTo(key);
        verify(store).startEpoch(opened);
        verify(store, never()).putSession(any());
    }

    @Test
    void theSameEpochKeepsTheTail() {
        SessionRecord opened = log.hello("ses_1", "e1", null, null);

        assertThat(opened).isEqualTo(session);
        verify(store, never()).startEpoch(any());
    }

    /** A host on another node said hello with a new epoch since this host's: it no longer writes the record. */
    @Test
    void aSnapshotOrKeyFromAHostOfAnEpochTheSessionHasLeftIsRefusedUnwritten() {
        assertThatThrownBy(() -> log.snapshot("ses_1", "e0", new SealedSnapshot("sealed", false, List.of(), false)))
                .isInstanceOf(StaleEpochException.class);
        assertThatThrownBy(() -> log.key("ses_1", "e0", new SessionKey("kid", "wrapped")))
                .isInstanceOf(StaleEpochException.class);
        verify(store, never()).putSession(any());

        log.key("ses_1", "e1", new SessionKey("kid", "wrapped"));
        verify(store).putSession(session.withKey(new SessionKey("kid", "wrapped")));
    }

    @Test
    void anInputIsKeptOnceAndRefusedPastTheLimit() {
        List<InputFrame> kept = new ArrayList<>();
        when(store.keptInputs("ses_1")).thenAnswer(call -> List.copyOf(kept));
        org.mockito.Mockito.doAnswer(call -> kept.add(call.getArgument(1)))
                .when(store)
                .keepInput(anyString(), any());

        assertThat(log.keep("ses_1", input("in_1"))).isEqualTo(Kept.KEPT);
        assertThat(log.keep("ses_1", input("in_1"))).isEqualTo(Kept.ALREADY_HELD);
        assertThat(kept).hasSize(1);

        IntStream.range(1, SessionLog.MAX_KEPT_INPUTS).forEach(i -> kept.add(input("in_x" + i)));
        assertThat(log.keep("ses_1", input("in_2"))).isEqualTo(Kept.FULL);
        assertThat(log.keep("ses_1", input("in_1")))
                .as("a retry is never refused")
                .isEqualTo(Kept.ALREADY_HELD);
        assertThat(kept).hasSize(SessionLog.MAX_KEPT_INPUTS);
    }

    @Test
    void anUnknownSessionIsAnError() {
        when(store.session("ses_gone")).thenReturn(Optional.empty());
        assertThatThrownBy(() -> log.continuing("ses_gone", "e1", Collections.emptyList()))
                .hasMessage("stream for unknown session ses_gone");
    }

    /** The relay reads only the clear header: the sealed body can be anything. */
    private static EncodedEvent event(long seq, String inputId) {
        return EncodedEvent.of(new SealedEvent(seq, NOW, "notice", inputId, null, null, null, "sealed-" + seq));
    }

    private static InputFrame input(String id) {
        return new InputFrame(id, "dev_1", "sealed-input");
    }
}
