package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single writer of a session's log, over a real file whose disk can be made to fill up. */
class JournalTest {
    @TempDir
    Path dir;

    private FullDiskChannel disk;
    private Journal journal;

    private static final class Recorder implements SessionListener {
        final List<Event> events = new CopyOnWriteArrayList<>();
        final List<Snapshot> snapshots = new CopyOnWriteArrayList<>();
        final List<String> deltas = new CopyOnWriteArrayList<>();

        @Override
        public void onEvents(List<Event> batch) {
            events.addAll(batch);
        }

        @Override
        public void onSnapshot(Snapshot snapshot) {
            snapshots.add(snapshot);
        }

        @Override
        public void onDelta(String messageId, String text) {
            deltas.add(text);
        }
    }

    private Journal open() throws IOException {
        return new Journal(
                "s-1",
                "epoch-1",
                null,
                EventLog.open(
                        dir.resolve("events.jsonl"), Clock.systemUTC(), file -> disk = new FullDiskChannel(file)));
    }

    @BeforeEach
    void start() throws IOException {
        journal = open();
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private static EventDraft notice(String text) {
        return EventDraft.unprompted(new EventBody.Notice(text));
    }

    @Test
    void commitsGetTheNextSeqsUnderTheLogsEpochAndSurviveAReopen() throws IOException {
        journal.commit(List.of(notice("one"), notice("two")));
        List<Event> third = journal.commit(List.of(new EventDraft("in-1", "editor", new EventBody.Notice("three"))));

        assertThat(third).extracting(Event::seq).containsExactly(3L);
        assertThat(journal.cursor()).isEqualTo(new Cursor("epoch-1", 3));
        assertThat(journal.<Boolean>read(state -> state.isApplied("in-1"))).isTrue();

        journal.close();
        journal = open();

        assertThat(journal.eventsAfter(1))
                .extracting(Event::body)
                .containsExactly(new EventBody.Notice("two"), new EventBody.Notice("three"));
        assertThat(journal.<Boolean>read(state -> state.isApplied("in-1"))).isTrue();
    }

    @Test
    void aSubscriberCatchesUpThenHearsEachCommitAndEachSnapshotChange() {
        journal.commit(List.of(notice("before")));
        Recorder recorder = new Recorder();
        journal.subscribe(0, recorder);

        journal.commit(List.of(EventDraft.unprompted(new EventBody.Title("named", Titles.RENAME))));
        journal.delta("msg_1", "partial");

        await().atMost(dev.baton.server.testing.Await.TIMEOUT).until(() -> recorder.deltas.size() == 1);
        assertThat(recorder.events).extracting(Event::seq).containsExactly(1L, 2L);
        assertThat(recorder.snapshots).extracting(Snapshot::title).containsExactly(null, "named");
        assertThat(recorder.deltas).containsExactly("partial");
    }

    @Test
    void aSubscriptionFromBeyondTheLogIsRefused() {
        assertThatThrownBy(() -> journal.subscribe(5, new Recorder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("afterSeq 5");
    }

    @Test
    void whatHadToHappenIsWrittenFirstOnceTheDiskWorksAgainAfterTheFailureIsReported() {
        disk.full = true;
        assertThatThrownBy(() -> journal.commit(List.of(notice("refused")))).isInstanceOf(LogWriteException.class);
        journal.commitOrDefer(List.of(notice("work ended")));
        assertThat(journal.cursor().seq()).isZero();

        disk.full = false;
        journal.commit(List.of(notice("next")));

        List<EventBody> written =
                journal.eventsAfter(0).stream().map(Event::body).toList();
        assertThat(written).hasSize(3);
        assertThat(written.get(0)).isInstanceOfSatisfying(EventBody.Error.class, e -> assertThat(e.code())
                .isEqualTo("log_write_failed"));
        assertThat(written.subList(1, 3))
                .containsExactly(new EventBody.Notice("work ended"), new EventBody.Notice("next"));
    }

    @Test
    void aClosedJournalTakesNoMoreCommits() {
        journal.close();

        assertThatThrownBy(() -> journal.commit(List.of(notice("late")))).isInstanceOf(IllegalStateException.class);
    }
}
