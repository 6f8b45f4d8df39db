package dev.baton.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.server.agent.loop.TurnOutput;
import dev.baton.server.sandbox.Sandbox;
import dev.baton.server.session.shell.ShellCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler with real shell commands, a real log and turns that stand in for the model's. */
class WorkSchedulerTest {
    private static final Duration WAIT = dev.baton.server.testing.Await.TIMEOUT;

    @TempDir
    Path dir;

    private Journal journal;
    private InputLoop loop;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final HeldTurn turn = new HeldTurn();
    private WorkScheduler scheduler;

    /** A turn that says something, then runs until released or cancelled. */
    private static final class HeldTurn {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        final AtomicBoolean cancelled = new AtomicBoolean();
        volatile RuntimeException failure;

        WorkScheduler.Turn start(TurnOutput out) {
            return new WorkScheduler.Turn(
                    () -> {
                        out.commit(List.of(new EventBody.AssistantMessage("msg_1", "Working on it.")));
                        started.countDown();
                        try {
                            released.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        if (failure != null) {
                            throw failure;
                        }
                    },
                    () -> {
                        cancelled.set(true);
                        released.countDown();
                    });
        }
    }

    @BeforeEach
    void start() throws IOException {
        journal = new Journal("s-1", "epoch-1", null, EventLog.open(dir.resolve("events.jsonl"), Clock.systemUTC()));
        loop = new InputLoop("s-1");
        scheduler = new WorkScheduler(
                "s-1",
                journal,
                loop,
                command -> ShellCommand.start(command, dir, Duration.ofMinutes(1), Sandbox.OFF),
                turn::start,
                closing::get,
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        closing.set(true);
        loop.post(scheduler::stopAll);
        loop.shutdown(Duration.ofSeconds(10));
        journal.close();
    }

    private <T> T onLoop(Supplier<T> question) throws Exception {
        CompletableFuture<T> answer = new CompletableFuture<>();
        loop.post(() -> answer.complete(question.get()));
        return answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private List<EventBody> stamped(String inputId) {
        return journal.eventsAfter(0).stream()
                .filter(event -> inputId.equals(event.inputId()))
                .map(Event::body)
                .toList();
    }

    private void awaitEnd(String inputId) {
        await().atMost(WAIT).until(() -> stamped(inputId).contains(new EventBody.Status(false)));
    }

    private void awaitTurnStarted() throws InterruptedException {
        assertThat(turn.started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aShellCommandRunsFramedByStatusAndStampedWithItsInput() {
        loop.post(() -> scheduler.shell(new Stamp("in-1", "editor"), "echo hello"));

        awaitEnd("in-1");
        List<EventBody> events = stamped("in-1");
        assertThat(events).hasSize(4);
        assertThat(events.get(0)).isEqualTo(new EventBody.Status(true));
        String callId = ((EventBody.ToolCall) events.get(1)).callId();
        assertThat(events.get(2)).isEqualTo(new EventBody.ToolResult(callId, true, "hello\n", 0));
        assertThat(events.get(3)).isEqualTo(new EventBody.Status(false));
    }

    @Test
    void queuedWorkWaitsForTheWorkBeforeItAndThenRunsInOrder() throws Exception {
        loop.post(() -> scheduler.turn(new Stamp("in-1", "editor")));
        loop.post(() -> scheduler.shell(new Stamp("in-2", "phone-1"), "echo second"));
        awaitTurnStarted();

        assertThat(onLoop(scheduler::busy)).isTrue();
        assertThat(stamped("in-1"))
                .containsExactly(new EventBody.Status(true), new EventBody.AssistantMessage("msg_1", "Working on it."));
        assertThat(stamped("in-2")).as("the command waits for the turn").isEmpty();

        turn.released.countDown();
        awaitEnd("in-2");

        List<Event> log = journal.eventsAfter(0);
        assertThat(log)
                .extracting(Event::inputId)
                .containsExactly("in-1", "in-1", "in-1", "in-2", "in-2", "in-2", "in-2");
        assertThat(onLoop(scheduler::busy)).isFalse();
    }

    @Test
    void anInterruptWithNothingRunningSaysSo() throws Exception {
        onLoop(() -> {
            scheduler.interrupt(new Stamp("in-1", "editor"));
            return null;
        });

        assertThat(stamped("in-1")).containsExactly(new EventBody.Notice(Replies.NOTHING_TO_INTERRUPT));
    }

    @Test
    void anInterruptCancelsTheRunningTurn() throws Exception {
        loop.post(() -> scheduler.turn(new Stamp("in-1", "editor")));
        awaitTurnStarted();

        loop.post(() -> scheduler.interrupt(new Stamp("in-2", "phone-1")));

        awaitEnd("in-1");
        assertThat(turn.cancelled).isTrue();
        assertThat(stamped("in-2")).containsExactly(new EventBody.Notice(Replies.INTERRUPTED));
    }

    @Test
    void anInterruptStopsTheRunningCommand() {
        loop.post(() -> scheduler.shell(new Stamp("in-1", "editor"), "echo started; sleep 60"));
        await().atMost(WAIT).until(() -> stamped("in-1").size() == 2);

        loop.post(() -> scheduler.interrupt(new Stamp("in-2", "editor")));

        awaitEnd("in-1");
        assertThat(stamped("in-1").get(2))
                .isInstanceOfSatisfying(EventBody.ToolResult.class, result -> assertThat(result.ok())
                        .isFalse());
    }

    @Test
    void aTurnThatFailsIsReportedAndEnds() throws InterruptedException {
        turn.failure = new IllegalStateException("model went away");
        loop.post(() -> scheduler.turn(new Stamp("in-1", "editor")));
        awaitTurnStarted();

        turn.released.countDown();

        awaitEnd("in-1");
        assertThat(stamped("in-1"))
                .filteredOn(EventBody.Error.class::isInstance)
                .singleElement()
                .isInstanceOfSatisfying(EventBody.Error.class, e -> {
                    assertThat(e.code()).isEqualTo("internal");
                    // What went wrong inside stays in the backend's log: no exception text reaches a client.
                    assertThat(e.message())
                            .contains("fault in the backend")
                            .doesNotContain("model went away")
                            .doesNotContain("IllegalStateException");
                });
    }

    @Test
    void closingStopsTheRunningWorkAndNamesWhatWillNotRun() throws Exception {
        loop.post(() -> scheduler.turn(new Stamp("in-1", "editor")));
        loop.post(() -> scheduler.shell(new Stamp("in-2", "editor"), "echo never"));
        awaitTurnStarted();

        closing.set(true);
        onLoop(() -> {
            scheduler.stopAll();
            return null;
        });

        assertThat(turn.cancelled).isTrue();
        assertThat(stamped("in-1").getLast()).isEqualTo(new EventBody.Status(false));
        assertThat(stamped("in-2")).isEmpty();
        assertThat(journal.eventsAfter(0))
                .extracting(Event::body)
                .contains(new EventBody.Notice(WorkScheduler.NOT_RUN_PREFIX + "!echo never"));
    }
}
