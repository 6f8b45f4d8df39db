package dev.baton.relay.hub.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.SealedSnapshot;
import dev.baton.protocol.SessionKey;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.Sync;
import dev.baton.protocol.frame.SyncStatus;
import dev.baton.relay.store.RelayStore;
import dev.baton.relay.store.SessionRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncPlannerTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final RelayStore store = mock(RelayStore.class);
    private final SyncPlanner planner = new SyncPlanner(store);
    /** Epoch "e1", events 3..5 held (1 and 2 trimmed away). */
    private final SessionRecord session = SessionRecord.create("ses_1", "acc_1", null, "Fix the build", NOW)
            .withEpoch("e1")
            .withStoredSeq(5, NOW);

    SyncPlannerTest() {
        when(store.firstStoredSeq("ses_1")).thenReturn(3L);
        when(store.eventsAfter("ses_1", 0)).thenReturn(events(3, 4, 5));
        when(store.eventsAfter("ses_1", 2)).thenReturn(events(3, 4, 5));
        when(store.eventsAfter("ses_1", 4)).thenReturn(events(5));
        when(store.eventsAfter("ses_1", 5)).thenReturn(List.of());
    }

    @Test
    void aCursorInsideTheTailGetsTheEventsAfterIt() {
        Sync sync = planner.plan(session, new Cursor("e1", 4), true);
        assertThat(sync.status()).isEqualTo(SyncStatus.OK);
        assertThat(sync.events()).extracting(SealedEvent::seq).containsExactly(5L);
        assertThat(sync.online()).isTrue();
    }

    @Test
    void aCursorJustBeforeTheOldestHeldEventStillContinues() {
        assertThat(planner.plan(session, new Cursor("e1", 2), false).status()).isEqualTo(SyncStatus.OK);
        assertThat(planner.plan(session, new Cursor("e1", 5), false).events()).isEmpty();
    }

    @Test
    void aCursorOlderThanTheTailIsAGapWithTheWholeTail() {
        Sync sync = planner.plan(session, new Cursor("e1", 1), false);
        assertThat(sync.status()).isEqualTo(SyncStatus.GAP);
        assertThat(sync.events()).extracting(SealedEvent::seq).containsExactly(3L, 4L, 5L);
        assertThat(sync.truncated()).as("events 1 and 2 are gone").isTrue();
    }

    @Test
    void anotherEpochACursorAheadOrNoCursorIsAGap() {
        assertThat(planner.plan(session, new Cursor("e0", 4), false).status()).isEqualTo(SyncStatus.GAP);
        assertThat(planner.plan(session, new Cursor("e1", 6), false).status()).isEqualTo(SyncStatus.GAP);
        assertThat(planner.plan(session, null, false).status()).isEqualTo(SyncStatus.GAP);
    }

    @Test
    void theSnapshotCarriesTheRelaysPresenceNotTheHosts() {
        SealedSnapshot stored = new SealedSnapshot("sealed live title", true, List.of(), true);
        Sync sync = planner.plan(session.withSnapshot(stored), null, false);
        assertThat(sync.snapshot()).isEqualTo(new SealedSnapshot("sealed live title", true, List.of(), false));

        Sync none = planner.plan(session, null, true);
        assertThat(none.snapshot()).isEqualTo(new SealedSnapshot("Fix the build", false, List.of(), true));
    }

    @Test
    void theSessionsKeyTravelsWithEverySync() {
        SessionKey key = new SessionKey("kid", "wrapped");
        assertThat(planner.plan(session.withKey(key), new Cursor("e1", 4), true).key())
                .isEqualTo(key);
        assertThat(planner.plan(session.withKey(key), null, true).key()).isEqualTo(key);
        assertThat(planner.plan(session, null, true).key())
                .as("no host has said hello")
                .isNull();
    }

    @Test
    void anEmptyTailIsNotTruncated() {
        SessionRecord fresh =
                SessionRecord.create("ses_2", "acc_1", null, "New", NOW).withEpoch("e1");
        when(store.eventsAfter("ses_2", 0)).thenReturn(List.of());
        Sync sync = planner.plan(fresh, new Cursor("e1", 0), true);
        assertThat(sync.status()).isEqualTo(SyncStatus.OK);
        assertThat(sync.truncated()).isFalse();
    }

    private static List<SealedEvent> events(long... seqs) {
        return java.util.Arrays.stream(seqs)
                .mapToObj(seq -> new SealedEvent(seq, NOW, "notice", null, null, null, null, "sealed-" + seq))
                .toList();
    }
}
