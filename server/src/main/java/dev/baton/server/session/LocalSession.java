package dev.baton.server.session;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.Json;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.Input;
import dev.baton.server.agent.loop.Agent;
import dev.baton.server.agent.loop.AgentTurn;
import dev.baton.server.agent.loop.TurnOutput;
import dev.baton.server.sandbox.Sandbox;
import dev.baton.server.sandbox.SessionNetwork;
import dev.baton.server.session.shell.ShellCommand;
import dev.baton.server.session.shell.ShellResult;
import dev.baton.server.session.shell.StopReason;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session on this machine. Every state change runs on one input loop (a single virtual thread), so
 * inputs and the ends of work are applied in one total order; long work (shell commands and agent
 * turns) runs off that loop, which keeps {@code interrupt}, {@code rename} and {@code permission} responsive while it
 * runs. Messages that need work while work runs are committed at once and their work queued.
 */
final class LocalSession implements Session {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSession.class);
    /** How long {@link #close()} waits for a stopped command to end (it gets SIGKILL after 2 s). */
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    /** Who asked: stamped on every event an input causes, so its sender sees it applied. */
    private record Stamp(String inputId, String origin) {
        EventDraft of(EventBody body) {
            return new EventDraft(inputId, origin, body);
        }
    }

    /** Work a message asked for, run one at a time in the order asked. */
    private sealed interface Job {
        Stamp stamp();
    }

    private record ShellJob(Stamp stamp, String command) implements Job {}

    private record TurnJob(Stamp stamp) implements Job {}

    /** The work now running, and how to stop it. */
    private sealed interface Running {}

    private record RunningShell(ShellJob job, String callId, ShellCommand command) implements Running {}

    /** @param done completes once the turn has recorded how it ended */
    private record RunningTurn(TurnJob job, AgentTurn turn, CompletableFuture<Void> done) implements Running {}

    private final SessionMetadata metadata;
    private final Journal journal;
    private final SessionSettings settings;
    private final Agent.Availability agent;
    /** The proxy of this session's sandboxes, when sandbox.network.allowedDomains names hosts. */
    private final SessionNetwork network;
    /** Where this session's shell commands and MCP servers run: the configured sandbox with its network. */
    private final Sandbox sandbox;

    private final Consumer<LocalSession> onClosed;
    private final ExecutorService inputLoop;
    private final AtomicBoolean closing = new AtomicBoolean();

    // Touched only on the input loop.
    private final Deque<Job> queued = new ArrayDeque<>();
    private Running running;

    private LocalSession(
            SessionMetadata metadata, Journal journal, SessionSettings settings, Consumer<LocalSession> onClosed) {
        this.metadata = metadata;
        this.journal = journal;
        this.settings = settings;
        this.network = new SessionNetwork(settings.agent().sandbox().allowedDomains(), this::noticeFromTheBackend);
        this.sandbox = settings.agent().sandbox().withNetwork(network);
        this.agent =
                Agent.prepare(settings.agent().withSandbox(sandbox), metadata.directory(), this::noticeFromTheBackend);
        this.onClosed = onClosed;
        this.inputLoop = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("session-" + metadata.id() + "-inputs").factory());
    }

    /** Takes over an open log: closes work a crash left open, then starts applying inputs. */
    static LocalSession start(
            SessionMetadata metadata, EventLog log, SessionSettings settings, Consumer<LocalSession> onClosed) {
        LocalSession session =
                new LocalSession(metadata, new Journal(metadata.id(), metadata.epoch(), log), settings, onClosed);
        session.closeWorkLeftOpen();
        return session;
    }

    /**
     * Something the agent's setup or the sandbox wants the person to know, such as an MCP server that did
     * not start or a connection the sandbox refused.
     */
    private void noticeFromTheBackend(String text) {
        try {
            journal.commitOrDefer(List.of(EventDraft.unprompted(new EventBody.Notice(text))));
        } catch (IllegalStateException closed) {
            LOG.info("session {} closed before this notice: {}", id(), text);
        }
    }

    /**
     * A previous process died while work ran: no one will finish it, so say so, or every surface would
     * show it running for ever.
     */
    private void closeWorkLeftOpen() {
        List<Event> openCalls = journal.read(SessionState::openToolCalls);
        boolean processing = journal.read(SessionState::processing);
        if (openCalls.isEmpty() && !processing) {
            return;
        }
        List<EventDraft> drafts = new ArrayList<>();
        for (Event call : openCalls) {
            String callId = ((EventBody.ToolCall) call.body()).callId();
            drafts.add(new EventDraft(
                    call.inputId(),
                    call.origin(),
                    new EventBody.ToolResult(callId, false, "[stopped: baton exited before this finished]", null)));
        }
        drafts.add(EventDraft.unprompted(
                new EventBody.Notice("Baton stopped while work was running; that work did not finish.")));
        if (processing) {
            drafts.add(EventDraft.unprompted(new EventBody.Status(false)));
        }
        journal.commitOrDefer(drafts);
    }

    @Override
    public String id() {
        return metadata.id();
    }

    @Override
    public Path directory() {
        return metadata.directory();
    }

    @Override
    public Cursor cursor() {
        return journal.cursor();
    }

    @Override
    public Snapshot snapshot() {
        return journal.read(SessionState::snapshot);
    }

    @Override
    public List<Event> eventsAfter(long seq) {
        return journal.eventsAfter(seq);
    }

    SessionInfo info() {
        return journal.read(state -> new SessionInfo(
                metadata.id(),
                metadata.name(),
                metadata.directory(),
                state.title(),
                state.lastActivity() == null ? metadata.createdAt() : state.lastActivity()));
    }

    @Override
    public void submit(String inputId, String origin, Input input) {
        if (inputId == null || inputId.isBlank()) {
            throw new IllegalArgumentException("an input needs an inputId");
        }
        if (input == null) {
            throw new IllegalArgumentException("input " + inputId + " has no body");
        }
        if (closing.get()) {
            LOG.info("session {} is closed; input {} was not applied", id(), inputId);
            return;
        }
        post(() -> applyOnce(new Stamp(inputId, origin), input));
    }

    @Override
    public Subscription subscribe(long afterSeq, SessionListener listener) {
        return journal.subscribe(afterSeq, listener);
    }

    private void post(Runnable task) {
        try {
            inputLoop.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("session {}: unexpected failure on the input loop", id(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("session {} is closed; dropped a task", id());
        }
    }

    private void applyOnce(Stamp stamp, Input input) {
        if (journal.read(state -> state.isApplied(stamp.inputId()))) {
            LOG.debug("session {}: input {} was already applied", id(), stamp.inputId());
            return;
        }
        try {
            apply(stamp, input);
        } catch (LogWriteException e) {
            // The journal logged the cause and reports it once writes work again; a retry applies it.
            LOG.warn("session {}: input {} was not applied", id(), stamp.inputId());
        } catch (RuntimeException e) {
            LOG.error("session {}: input {} failed", id(), stamp.inputId(), e);
            // Answer it, or its sender would retry a failing input for ever.
            journal.commitOrDefer(List.of(stamp.of(new EventBody.Error(
                    "internal", "Baton could not apply this input: " + e + ". The backend log has the details."))));
        }
    }

    private void apply(Stamp stamp, Input input) {
        switch (input) {
            case Input.Message message -> message(stamp, message.text());
            case Input.Command command -> message(stamp, SlashCommand.asMessage(command.name(), command.args()));
            case Input.Rename rename -> journal.commit(List.of(rename(stamp, rename.title())));
            case Input.Interrupt interrupt -> interrupt(stamp);
            case Input.Permission permission -> permission(stamp, permission);
        }
    }

    private void message(Stamp stamp, String text) {
        if (text == null || text.isBlank()) {
            journal.commit(List.of(stamp.of(new EventBody.Error("empty_message", "The message is empty."))));
            return;
        }
        EventDraft said = stamp.of(new EventBody.UserMessage(text));
        if (text.startsWith("!")) {
            shell(stamp, said, text.substring(1).strip());
        } else if (text.startsWith("/")) {
            List<EventDraft> drafts = new ArrayList<>(List.of(said));
            drafts.addAll(slashCommand(stamp, SlashCommand.parse(text)));
            journal.commit(drafts);
        } else {
            plainMessage(stamp, said, text);
        }
    }

    /** The events that answer {@code command}, committed after the message that asked. */
    private List<EventDraft> slashCommand(Stamp stamp, SlashCommand command) {
        return switch (command.name()) {
            case "help" -> List.of(stamp.of(new EventBody.Notice(Replies.HELP)));
            case "rename" -> List.of(rename(stamp, command.args()));
            case "status" -> List.of(stamp.of(new EventBody.Notice(statusReport())));
            case "config" -> List.of(
                    stamp.of(new EventBody.Notice(agent.configReport().stripTrailing())));
            case "clear" -> running != null
                    ? List.of(stamp.of(new EventBody.Error("busy", Replies.CLEAR_WHILE_WORKING)))
                    : List.of(
                            stamp.of(new EventBody.Notice(Replies.CLEARED)),
                            stamp.of(new EventBody.ConversationCleared()));
            case "remote-control" -> remoteControl(stamp, command.args());
            case "mobile" -> mobile(stamp);
            default -> List.of(
                    stamp.of(new EventBody.Error("unknown_command", Replies.unknownCommand(command.name()))));
        };
    }

    private String statusReport() {
        long events = journal.cursor().seq();
        String connection = settings.remoteControl()
                .connection(id())
                .map(Replies::connection)
                .orElse(Replies.REMOTE_CONTROL_OFF);
        return journal.read(state -> Replies.status(
                id(), state.title(), directory().toString(), events, state.processing(), model(), connection));
    }

    /**
     * Hosts this session on a relay from its first event on (the same id, so devices see the whole
     * history), or mints a fresh code when it is hosted already. The code goes to whoever asked the
     * port ({@link RemoteControlPort.Connection#pairingUrl()}), never into the log. Runs on the input loop: the
     * relay round trip holds back other inputs for a moment, which keeps the reply in order with them.
     */
    private List<EventDraft> remoteControl(Stamp stamp, String requestedName) {
        String name = Titles.clean(requestedName);
        if (name.length() > Titles.MAX_LENGTH) {
            return List.of(stamp.of(new EventBody.Error(
                    "invalid_title", "A name can be at most " + Titles.MAX_LENGTH + " characters.")));
        }
        RemoteControlPort.Connection connection;
        try {
            connection = settings.remoteControl().start(this);
        } catch (UnsupportedOperationException e) {
            return List.of(stamp.of(new EventBody.Error("remote_control_unavailable", e.getMessage())));
        } catch (IOException | RuntimeException e) {
            LOG.warn("session {}: Remote Control did not start", id(), e);
            return List.of(stamp.of(new EventBody.Error(
                    "remote_control_failed",
                    "Remote Control could not start: " + (e.getMessage() == null ? e : e.getMessage()))));
        }
        List<EventDraft> drafts = new ArrayList<>();
        titleOnRemoteControl(name).ifPresent(title -> drafts.add(stamp.of(title)));
        drafts.add(stamp.of(new EventBody.Notice(Replies.remoteControl(connection.sessionUrl()))));
        return drafts;
    }

    /**
     * A name given with {@code /remote-control NAME} is the title. Otherwise a title nobody chose is
     * replaced by one from the last plain message, which says better what a resumed conversation is
     * about now than its first prompt does.
     */
    private Optional<EventBody.Title> titleOnRemoteControl(String name) {
        return journal.read(state -> {
            if (!name.isEmpty()) {
                return name.equals(state.title()) && state.titleChosen()
                        ? Optional.empty()
                        : Optional.of(new EventBody.Title(name, Titles.NAME));
            }
            if (state.titleChosen() || state.lastPrompt() == null) {
                return Optional.empty();
            }
            String title = Titles.fromPrompt(state.lastPrompt());
            return title.equals(state.title())
                    ? Optional.empty()
                    : Optional.of(new EventBody.Title(title, Titles.CONVERSATION));
        });
    }

    @Override
    public void remoteControlStarted(String requestedName) {
        String name = Titles.clean(requestedName);
        if (name.length() > Titles.MAX_LENGTH || closing.get()) {
            return; // the name still names the environment; a title that long is a mistake, not a title
        }
        post(() -> titleOnRemoteControl(name)
                .ifPresent(title -> journal.commitOrDefer(List.of(EventDraft.unprompted(title)))));
    }

    /** The relay's web app, for a phone that has not paired yet; needs a relay, so Remote Control. */
    private List<EventDraft> mobile(Stamp stamp) {
        return List.of(settings.remoteControl()
                .connection(id())
                .map(connection -> stamp.of(new EventBody.Notice(Replies.mobile(connection.relayUrl() + "/"))))
                .orElseGet(() -> stamp.of(new EventBody.Error("remote_control_off", Replies.MOBILE_WITHOUT_RELAY))));
    }

    /** The model line of {@code /status}. */
    private String model() {
        return switch (agent) {
            case Agent.Availability.Ready ready -> {
                var usage = ready.agent().usage();
                yield ready.agent().describe() + "\nTokens: " + usage.inputTokens() + " in, " + usage.outputTokens()
                        + " out since the session opened";
            }
            case Agent.Availability.Unavailable unavailable -> "none";
        };
    }

    private EventDraft rename(Stamp stamp, String requested) {
        String title = Titles.clean(requested);
        if (title.isEmpty()) {
            return stamp.of(new EventBody.Error("missing_argument", "A new title is needed: /rename NAME"));
        }
        if (title.length() > Titles.MAX_LENGTH) {
            return stamp.of(new EventBody.Error(
                    "invalid_title", "A title can be at most " + Titles.MAX_LENGTH + " characters."));
        }
        return stamp.of(new EventBody.Title(title, Titles.RENAME));
    }

    private void plainMessage(Stamp stamp, EventDraft said, String text) {
        List<EventDraft> drafts = new ArrayList<>(List.of(said));
        if (journal.read(state -> state.title() == null)) {
            drafts.add(stamp.of(new EventBody.Title(Titles.fromPrompt(text), Titles.PROMPT)));
        }
        switch (agent) {
            case Agent.Availability.Ready ready -> {
                journal.commit(drafts);
                queued.add(new TurnJob(stamp));
                startQueuedWork();
            }
            case Agent.Availability.Unavailable unavailable -> {
                drafts.add(stamp.of(new EventBody.Notice(Replies.noModel(unavailable.reason()))));
                journal.commit(drafts);
            }
        }
    }

    private void shell(Stamp stamp, EventDraft said, String command) {
        if (command.isEmpty()) {
            journal.commit(List.of(
                    said,
                    stamp.of(new EventBody.Error("empty_command", "Type a shell command after !, for example !ls"))));
            return;
        }
        journal.commit(List.of(said));
        queued.add(new ShellJob(stamp, command));
        startQueuedWork();
    }

    private void startQueuedWork() {
        while (running == null && !queued.isEmpty() && !closing.get()) {
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
            LOG.warn("session {}: did not run !{}: the log refused its start", id(), job.command());
            return;
        }
        try {
            RunningShell started = new RunningShell(
                    job, callId, ShellCommand.start(job.command(), directory(), settings.shellTimeLimit(), sandbox));
            running = started;
            started.command().result().thenAccept(result -> post(() -> finished(started, result)));
        } catch (IOException e) {
            journal.commitOrDefer(List.of(
                    job.stamp()
                            .of(new EventBody.ToolResult(
                                    callId, false, "Could not start /bin/sh: " + e.getMessage(), null)),
                    job.stamp().of(new EventBody.Status(false))));
        }
    }

    private void startTurn(TurnJob job) {
        if (!(agent instanceof Agent.Availability.Ready ready)) {
            return;
        }
        try {
            journal.commit(List.of(job.stamp().of(new EventBody.Status(true))));
        } catch (LogWriteException e) {
            LOG.warn("session {}: did not start a turn: the log refused its start", id());
            return;
        }
        AgentTurn turn = ready.agent().turn(new Output(job.stamp()));
        RunningTurn started = new RunningTurn(job, turn, new CompletableFuture<>());
        running = started;
        Thread.ofVirtual().name("session-" + id() + "-turn").start(() -> {
            try {
                turn.run();
            } catch (RuntimeException e) {
                LOG.error("session {}: the agent turn failed", id(), e);
                journal.commitOrDefer(List.of(job.stamp()
                        .of(new EventBody.Error(
                                "internal", "The agent stopped: " + e + ". The backend log has the details."))));
            } finally {
                started.done().complete(null);
            }
        });
        started.done().thenRun(() -> post(() -> turnFinished(started)));
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
            return; // close() already recorded its end
        }
        running = null;
        journal.commitOrDefer(List.of(ended.job().stamp().of(new EventBody.Status(false))));
        startQueuedWork();
    }

    private void finished(RunningShell ended, ShellResult result) {
        if (running != ended) {
            return; // close() already recorded its end
        }
        running = null;
        Stamp stamp = ended.job().stamp();
        journal.commitOrDefer(List.of(
                stamp.of(new EventBody.ToolResult(ended.callId(), result.ok(), result.output(), result.exitCode())),
                stamp.of(new EventBody.Status(false))));
        startQueuedWork();
    }

    private void interrupt(Stamp stamp) {
        if (running == null) {
            journal.commit(List.of(stamp.of(new EventBody.Notice(Replies.NOTHING_TO_INTERRUPT))));
            return;
        }
        // Committed first: if the log refuses, the input is not applied, so nothing may be stopped either.
        journal.commit(List.of(stamp.of(new EventBody.Notice(Replies.INTERRUPTED))));
        switch (running) {
            case RunningShell shell -> shell.command().stop(StopReason.INTERRUPTED);
            case RunningTurn turn -> turn.turn().cancel();
        }
    }

    private void permission(Stamp stamp, Input.Permission answer) {
        String requestId = answer.requestId();
        if (requestId != null
                && !journal.read(state -> state.isPending(requestId))
                && journal.read(state -> state.wasRequested(requestId))) {
            journal.commit(List.of(stamp.of(new EventBody.Error(
                    "permission_already_decided",
                    "Permission request " + requestId + " was already answered or closed."))));
        } else if (requestId == null || !journal.read(state -> state.isPending(requestId))) {
            journal.commit(List.of(stamp.of(new EventBody.Error(
                    "unknown_permission_request",
                    "No permission request " + requestId + " is waiting for an answer."))));
        } else if (answer.decision() == null) {
            journal.commit(List.of(stamp.of(new EventBody.Error(
                    "missing_argument", "A permission answer needs a decision: allow, deny or allowAlways."))));
        } else if (answer.remember() != null
                && !Input.Permission.REMEMBER_SESSION.equals(answer.remember())
                && !Input.Permission.REMEMBER_PROJECT.equals(answer.remember())) {
            journal.commit(List.of(stamp.of(new EventBody.Error(
                    "invalid_argument",
                    "remember must be \"session\" or \"project\", not \"" + answer.remember() + "\"."))));
        } else {
            // The first answer wins: it is committed here, on the input loop, before any other is read.
            journal.commit(List.of(stamp.of(new EventBody.PermissionDecision(requestId, answer.decision()))));
            if (agent instanceof Agent.Availability.Ready ready) {
                ready.agent().prompts().answer(answer);
            }
        }
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        post(this::stopWork);
        inputLoop.shutdown();
        try {
            if (!inputLoop.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("session {}: work did not stop within {} s", id(), CLOSE_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
        if (agent instanceof Agent.Availability.Ready ready) {
            ready.agent().close();
        }
        network.close();
        onClosed.accept(this);
    }

    private void stopWork() {
        if (!queued.isEmpty()) {
            String dropped = queued.stream()
                    .map(job -> switch (job) {
                        case ShellJob shell -> "!" + shell.command();
                        case TurnJob turn -> "a message for the agent";
                    })
                    .collect(Collectors.joining(", "));
            queued.clear();
            journal.commitOrDefer(List.of(
                    EventDraft.unprompted(new EventBody.Notice("Not run, because the session closed: " + dropped))));
        }
        switch (running) {
            case null -> {}
            case RunningShell shell -> stopShell(shell);
            case RunningTurn turn -> stopTurn(turn);
        }
    }

    private void stopTurn(RunningTurn stopping) {
        stopping.turn().cancel();
        try {
            stopping.done().get(CLOSE_TIMEOUT_SECONDS / 2, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("session {}: the agent turn did not stop in time", id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        turnFinished(stopping);
    }

    private void stopShell(RunningShell stopping) {
        stopping.command().stop(StopReason.SESSION_CLOSED);
        ShellResult result;
        try {
            result = stopping.command().result().get(CLOSE_TIMEOUT_SECONDS / 2, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            result = new ShellResult(-1, "[stopped: the session closed]", StopReason.SESSION_CLOSED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new ShellResult(-1, "[stopped: the session closed]", StopReason.SESSION_CLOSED);
        }
        finished(stopping, result);
    }
}
