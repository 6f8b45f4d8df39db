package dev.baton.server.session;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.EventErrorCode;
import dev.baton.server.agent.loop.TurnOutput;
import dev.baton.server.session.shell.ShellCommand;
import dev.baton.server.session.shell.ShellResult;
import dev.baton.server.session.shell.StopReason;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work messages ask for (shell commands and agent turns), run one at a time in the order asked.
 * Everything here runs on the session's {@link InputLoop}; the work itself runs off it, and its end is
 * posted back to the loop, so an interrupt or a rename is applied while work runs. Each piece of work
 * is framed by {@code status{processing}} events stamped with the input that asked for it.
 */
final class WorkScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(WorkScheduler.class);
    static final String NOT_RUN_PREFIX = "Not run, because the session closed: ";

    /** Starts a {@code !command} in the session's directory and sandbox. */
    interface Shells {
        ShellCommand start(String command) throws IOException;
    }

    /** An agent turn: {@code run} blocks until the turn ends, {@code cancel} makes it end soon. */
    record Turn(Runnable run, Runnable cancel) {}

    /** Makes the turn that answers a message, writing to {@code out}. */
    interface Turns {
        Turn turn(TurnOutput out);
    }

    private sealed interface Job {
        Stamp stamp();
    }

    private record ShellJob(Stamp stamp, String command) implements Job {}

    private record TurnJob(Stamp stamp) implements Job {}

    /** The work now running, and how to stop it. */
    private sealed interface Running {}

    private record RunningShell(ShellJob job, String callId, ShellCommand command) implements Running {}

    /** @param done completes once the turn has recorded how it ended */
    private record RunningTurn(TurnJob job, Turn turn, CompletableFuture<Void> done) implements Running {}

    private final String sessionId;
    private final Journal journal;
    private final InputLoop loop;
    private final Shells shells;
    private final Turns turns;
    private final BooleanSupplier closing;
    /** How long {@link #stopAll} waits for stopped work to end. */
    private final Duration stopTimeout;

    // Touched only on the input loop.
    private final Deque<Job> queued = new ArrayDeque<>();
    private Running running;

    WorkScheduler(
            String sessionId,
            Journal journal,
            InputLoop loop,
            Shells shells,
            Turns turns,
            BooleanSupplier closing,
            Duration stopTimeout) {
        this.sessionId = sessionId;
        this.journal = journal;
        this.loop = loop;
        this.shells = shells;
        this.turns = turns;
        this.closing = closing;
        this.stopTimeout = stopTimeout;
    }

    /** Runs {@code command} with /bin/sh once the work before it has ended. */
    void shell(Stamp stamp, String command) {
        queued.add(new ShellJob(stamp, command));
        startQueuedWork();
    }

    /** Runs an agent turn for the message {@code stamp} names once the work before it has ended. */
    void turn(Stamp stamp) {
        queued.add(new TurnJob(stamp));
        startQueuedWork();
    }

    /** Whether work runs now. */
    boolean busy() {
        return running != null;
    }

    /**
     * Stops the work now running, or says there is none. The notice is committed first: if the log
     * refuses it, the input is not applied, so nothing may be stopped either.
     */
    void interrupt(Stamp stamp) {
        if (running == null) {
            journal.commit(List.of(stamp.of(new EventBody.Notice(Replies.NOTHING_TO_INTERRUPT))));
            return;
        }
        journal.commit(List.of(stamp.of(new EventBody.Notice(Replies.INTERRUPTED))));
        switch (running) {
            case RunningShell shell -> shell.command().stop(StopReason.INTERRUPTED);
            case RunningTurn turn -> turn.turn().cancel().run();
        }
    }

    /** The session closes: says which queued work will not run, and stops and records the running one. */
    void stopAll() {
        if (!queued.isEmpty()) {
            String dropped = queued.stream()
                    .map(job -> switch (job) {
                        case ShellJob shell -> "!" + shell.command();
                        case TurnJob turn -> "a message for the agent";
                    })
                    .collect(Collectors.joining(", "));
            queued.clear();
            journal.commitOrDefer(List.of(EventDraft.unprompted(new EventBody.Notice(NOT_RUN_PREFIX + dropped))));
        }
        switch (running) {
            case null -> {}
            case RunningShell shell -> stopShell(shell);
            case RunningTurn turn -> stopTurn(turn);
        }
    }

    private void startQueuedWork() {
        while (running == null && !queued.isEmpty() && !closing.getAsBoolean()) {
            switch (queued.poll()) {
                case ShellJob job -> startShell(job);
                case TurnJob job -> startTurn(job);
            }
        }
    }

    private void startShell(ShellJob job) {
        String callId = "call_" + Ids.random();
        try {
            journal.commit(List.of(
                    job.stamp().of(new EventBody.Status(true)),
                    job.stamp()
                            .of(new EventBody.ToolCall(
                                    callId, "shell", Json.MAPPER.valueToTree(Map.of("command", job.command()))))));
        } catch (LogWriteException e) {
            LOG.warn("session {}: did not run !{}: the log refused its start", sessionId, job.command());
            return;
        }
        try {
            RunningShell started = new RunningShell(job, callId, shells.start(job.command()));
            running = started;
            started.command().result().thenAccept(result -> loop.post(() -> shellFinished(started, result)));
        } catch (IOException e) {
            journal.commitOrDefer(List.of(
                    job.stamp()
                            .of(new EventBody.ToolResult(
                                    callId, false, "Could not start /bin/sh: " + e.getMessage(), null)),
                    job.stamp().of(new EventBody.Status(false))));
        }
    }

    private void startTurn(TurnJob job) {
        try {
            journal.commit(List.of(job.stamp().of(new EventBody.Status(true))));
        } catch (LogWriteException e) {
            LOG.warn("session {}: did not start a turn: the log refused its start", sessionId);
            return;
        }
        Turn turn = turns.turn(new Output(job.stamp()));
        RunningTurn started = new RunningTurn(job, turn, new CompletableFuture<>());
        running = started;
        Thread.ofVirtual().name("session-" + sessionId + "-turn").start(() -> {
            try {
                turn.run().run();
            } catch (RuntimeException e) {
                LOG.error("session {}: the agent turn failed", sessionId, e);
                journal.commitOrDefer(List.of(job.stamp()
                        .of(new EventBody.Error(
                                EventErrorCode.INTERNAL.wire(),
                                "The agent stopped because of a fault in the backend; its log has the details."))));
            } finally {
                started.done().complete(null);
            }
        });
        started.done().thenRun(() -> loop.post(() -> turnFinished(started)));
    }

    /** Where a turn's events go: the log, stamped with the message that started it. */
    private final class Output implements TurnOutput {
        private final Stamp stamp;

        Output(Stamp stamp) {
            this.stamp = stamp;
        }

        @Override
        public void commit(List<EventBody> events) {
            journal.commitOrDefer(events.stream().map(stamp::of).toList());
        }

        @Override
        public void delta(String messageId, String text) {
            journal.delta(messageId, text);
        }

        @Override
        public List<Event> history() {
            return journal.eventsAfter(0);
        }
    }

    private void turnFinished(RunningTurn ended) {
        if (running != ended) {
            return; // stopAll() already recorded its end
        }
        running = null;
        journal.commitOrDefer(List.of(ended.job().stamp().of(new EventBody.Status(false))));
        startQueuedWork();
    }

    private void shellFinished(RunningShell ended, ShellResult result) {
        if (running != ended) {
            return; // stopAll() already recorded its end
        }
        running = null;
        Stamp stamp = ended.job().stamp();
        journal.commitOrDefer(List.of(
                stamp.of(new EventBody.ToolResult(ended.callId(), result.ok(), result.output(), result.exitCode())),
                stamp.of(new EventBody.Status(false))));
        startQueuedWork();
    }

    private void stopTurn(RunningTurn stopping) {
        stopping.turn().cancel().run();
        try {
            stopping.done().get(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("session {}: the agent turn did not stop in time", sessionId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        turnFinished(stopping);
    }

    private void stopShell(RunningShell stopping) {
        stopping.command().stop(StopReason.SESSION_CLOSED);
        ShellResult result;
        try {
            result = stopping.command().result().get(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            result = closedResult();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = closedResult();
        }
        shellFinished(stopping, result);
    }

    private static ShellResult closedResult() {
        return new ShellResult(-1, "[stopped: the session closed]", StopReason.SESSION_CLOSED);
    }
}
