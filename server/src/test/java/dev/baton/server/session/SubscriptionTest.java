package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.Input;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionTest {
    @TempDir
    Path home;

    @TempDir
    Path workspace;

    private Session session;

    /** Records what it hears; each call is checked to run alone, as the contract promises. */
    static final class Recorder implements SessionListener {
        final List<Event> events = new CopyOnWriteArrayList<>();
        volatile long afterSeq;
        final List<Snapshot> snapshots = new CopyOnWriteArrayList<>();
        private volatile boolean inCall;
        volatile boolean overlappingCalls;

        @Override
        public void onEvents(List<Event> batch) {
            enter();
            events.addAll(batch);
            inCall = false;
        }

        @Override
        public void onSnapshot(Snapshot snapshot) {
            enter();
            snapshots.add(snapshot);
            inCall = false;
        }

        private void enter() {
            if (inCall) {
                overlappingCalls = true;
            }
            inCall = true;
        }

        List<Long> seqs() {
            return events.stream().map(Event::seq).toList();
        }
    }

    @BeforeEach
    void createSession() {
        session = new SessionStore(home).create("subscribed", workspace);
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    @Test
    void catchUpThenLiveWithoutGapOrOverlapWhileEventsCommit() {
        int inputs = 200;
        long total = inputs; // a name given at creation is no event, so the renames are the whole log
        Thread.ofVirtual().start(() -> {
            for (int i = 0; i < inputs; i++) {
                session.submit("in-" + i, "editor", new Input.Rename("title " + i));
            }
        });
        List<Recorder> recorders = new CopyOnWriteArrayList<>();
        // Subscribe each time the log has moved on, from an earlier seq, while commits keep coming.
        long subscribedAt = -1;
        while (session.cursor().seq() < total) {
            long last = session.cursor().seq();
            if (last != subscribedAt) {
                Recorder recorder = new Recorder();
                recorder.afterSeq = last / 2;
                session.subscribe(recorder.afterSeq, recorder);
                recorders.add(recorder);
                subscribedAt = last;
            }
            Thread.onSpinWait();
        }
        Await.until("every subscriber to reach seq " + total, () -> recorders.stream()
                .allMatch(r -> r.events.size() >= total - r.afterSeq));

        assertThat(recorders).hasSizeGreaterThan(1);
        for (Recorder recorder : recorders) {
            assertThat(recorder.seqs())
                    .containsExactlyElementsOf(LongStream.rangeClosed(recorder.afterSeq + 1, total)
                            .boxed()
                            .toList());
            assertThat(recorder.overlappingCalls).isFalse();
        }
        assertThat(recorders.getLast().events).isEqualTo(session.eventsAfter(recorders.getLast().afterSeq));
    }

    @Test
    void snapshotsFollowTheState() {
        Recorder recorder = new Recorder();
        session.subscribe(session.cursor().seq(), recorder);
        Await.until("the first snapshot", () -> !recorder.snapshots.isEmpty());
        assertThat(recorder.snapshots.getFirst()).isEqualTo(new Snapshot("subscribed", false, List.of(), false));

        session.submit("in-1", "editor", new Input.Message("!echo hi"));
        Await.workDone(session, "in-1");
        session.submit("in-2", "editor", new Input.Rename("renamed"));
        Await.answer(session, "in-2");

        Await.until("four snapshots", () -> recorder.snapshots.size() == 4);
        assertThat(recorder.snapshots)
                .extracting(Snapshot::title, Snapshot::processing)
                .containsExactly(
                        tuple("subscribed", false),
                        tuple("subscribed", true),
                        tuple("subscribed", false),
                        tuple("renamed", false));
        assertThat(recorder.snapshots)
                .allSatisfy(snapshot -> assertThat(snapshot.online()).isFalse());
        assertThat(session.snapshot()).isEqualTo(recorder.snapshots.getLast());
    }

    @Test
    void closingASubscriptionStopsDelivery() {
        session.submit("in-0", "editor", new Input.Rename("before"));
        Await.answer(session, "in-0");
        Recorder stopped = new Recorder();
        Recorder watcher = new Recorder();
        Session.Subscription subscription = session.subscribe(0, stopped);
        session.subscribe(0, watcher);
        Await.until("the catch-up", () -> stopped.events.size() == 1);

        subscription.close();
        session.submit("in-1", "editor", new Input.Rename("after close"));
        Await.until("the watcher to hear the rename", () -> watcher.events.size() == 2);

        assertThat(stopped.events).hasSize(1);
    }

    @Test
    void aSlowListenerDoesNotHoldUpTheSession() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        session.subscribe(0, events -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        session.submit("in-1", "editor", new Input.Message("/help"));
        Await.answer(session, "in-1");
        release.countDown();
    }
}
