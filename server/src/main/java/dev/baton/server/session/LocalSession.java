package dev.baton.server.session;

import dev.baton.protocol.Cursor;
import dev.baton.protocol.Snapshot;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.EventErrorCode;
import dev.baton.protocol.event.Input;
import dev.baton.server.agent.loop.Agent;
import dev.baton.server.agent.loop.AgentTurn;
import dev.baton.server.sandbox.Sandbox;
import dev.baton.server.sandbox.SessionNetwork;
import dev.baton.server.session.shell.ShellCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session on this machine, composed of its parts: the {@link Journal} (the log and its subscribers),
 * the {@link InputLoop} on which every state change is applied in one total order, the
 * {@link WorkScheduler} (shell commands and agent turns, off the loop), the {@link PermissionBroker},
 * {@link SlashCommands} and the {@link TitlePolicy}. This class routes each input to its part, once.
 */
final class LocalSession implements Session {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSession.class);
    /** How long {@link #close()} waits for a stopped command to end (it gets SIGKILL after 2 s). */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final SessionMetadata metadata;
    private final Journal journal;
    private final Agent.Availability agent;
    /** The proxy of this session's sandboxes, when sandbox.network.allowedDomains names hosts. */
    private final SessionNetwork network;

    private final Consumer<LocalSession> onClosed;
    private final InputLoop inputLoop;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final WorkScheduler work;
    private final PermissionBroker permissions;
    private final SlashCommands commands;

    private LocalSession(
            SessionMetadata metadata, Journal journal, SessionSettings settings, Consumer<LocalSession> onClosed) {
        this.metadata = metadata;
        this.journal = journal;
        this.network = new SessionNetwork(settings.agent().sandbox().allowedDomains(), this::noticeFromTheBackend);
        // Where this session's shell commands and MCP servers run: the configured sandbox with its network.
        Sandbox sandbox = settings.agent().sandbox().withNetwork(network);
        this.agent =
                Agent.prepare(settings.agent().withSandbox(sandbox), metadata.directory(), this::noticeFromTheBackend);
        this.onClosed = onClosed;
        this.inputLoop = new InputLoop(metadata.id());
        this.work = new WorkScheduler(
                metadata.id(),
                journal,
                inputLoop,
                command -> ShellCommand.start(command, metadata.directory(), settings.shellTimeLimit(), sandbox),
                turns(agent),
                closing::get,
                CLOSE_TIMEOUT.dividedBy(2));
        this.permissions = new PermissionBroker(journal, answer -> {
            if (agent instanceof Agent.Availability.Ready ready) {
                ready.agent().prompts().answer(answer);
            }
        });
        this.commands = new SlashCommands(this, journal, settings.remoteControl(), agent, work::busy);
    }

    /** Takes over an open log: closes work a crash left open, then starts applying inputs. */
    static LocalSession start(
            SessionMetadata metadata, EventLog log, SessionSettings settings, Consumer<LocalSession> onClosed) {
        Journal journal = new Journal(metadata.id(), metadata.epoch(), metadata.name(), log);
        LocalSession session = new LocalSession(metadata, journal, settings, onClosed);
        List<EventDraft> leftOpen = journal.read(LeftOpenWork::closing);
        if (!leftOpen.isEmpty()) {
            journal.commitOrDefer(leftOpen);
        }
        return session;
    }

    /** Turns are only asked for when a model is ready; without one a message is answered with a notice. */
    private static WorkScheduler.Turns turns(Agent.Availability agent) {
        return out -> switch (agent) {
            case Agent.Availability.Ready ready -> {
                AgentTurn turn = ready.agent().turn(out);
                yield new WorkScheduler.Turn(turn::run, turn::cancel);
            }
            case Agent.Availability.Unavailable unavailable -> throw new IllegalStateException(unavailable.reason());
        };
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
        inputLoop.post(() -> applyOnce(new Stamp(inputId, origin), input));
    }

    @Override
    public void refuse(String inputId, String origin, String code, String message) {
        if (inputId == null || inputId.isBlank() || closing.get()) {
            return;
        }
        Stamp stamp = new Stamp(inputId, origin);
        inputLoop.post(() -> {
            if (!journal.read(state -> state.isApplied(inputId))) {
                journal.commitOrDefer(List.of(stamp.of(new EventBody.Error(code, message))));
            }
        });
    }

    @Override
    public Subscription subscribe(long afterSeq, SessionListener listener) {
        return journal.subscribe(afterSeq, listener);
    }

    /** An input is applied at most once: a retry of one the log already answered changes nothing. */
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
                    EventErrorCode.INTERNAL.wire(),
                    "Baton could not apply this input because of a fault in the backend; its log has the details."))));
        }
    }

    private void apply(Stamp stamp, Input input) {
        switch (input) {
            case Input.Message message -> message(stamp, message.text());
            case Input.Command command -> message(stamp, SlashCommand.asMessage(command.name(), command.args()));
            case Input.Rename rename -> journal.commit(List.of(stamp.of(TitlePolicy.rename(rename.title()))));
            case Input.Interrupt interrupt -> work.interrupt(stamp);
            case Input.Permission permission -> permissions.answer(stamp, permission);
        }
    }

    private void message(Stamp stamp, String text) {
        if (text == null || text.isBlank()) {
            journal.commit(List.of(
                    stamp.of(new EventBody.Error(EventErrorCode.EMPTY_MESSAGE.wire(), "The message is empty."))));
            return;
        }
        EventDraft said = stamp.of(new EventBody.UserMessage(text));
        if (text.startsWith("!")) {
            shell(stamp, said, text.substring(1).strip());
        } else if (text.startsWith("/")) {
            List<EventDraft> drafts = new ArrayList<>(List.of(said));
            drafts.addAll(commands.answer(stamp, SlashCommand.parse(text)));
            journal.commit(drafts);
        } else {
            plainMessage(stamp, said, text);
        }
    }

    private void plainMessage(Stamp stamp, EventDraft said, String text) {
        List<EventDraft> drafts = new ArrayList<>(List.of(said));
        journal.read(state -> TitlePolicy.forPrompt(state, text)).ifPresent(title -> drafts.add(stamp.of(title)));
        switch (agent) {
            case Agent.Availability.Ready ready -> {
                journal.commit(drafts);
                work.turn(stamp);
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
                    stamp.of(new EventBody.Error(
                            EventErrorCode.EMPTY_COMMAND.wire(), "Type a shell command after !, for example !ls"))));
            return;
        }
        journal.commit(List.of(said));
        work.shell(stamp, command);
    }

    @Override
    public void remoteControlStarted(String requestedName) {
        if (TitlePolicy.nameRefused(requestedName).isPresent() || closing.get()) {
            return; // the name still names the environment; a title that long is a mistake, not a title
        }
        inputLoop.post(() -> journal.read(state -> TitlePolicy.onRemoteControl(state, requestedName))
                .ifPresent(title -> journal.commitOrDefer(List.of(EventDraft.unprompted(title)))));
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        inputLoop.post(work::stopAll);
        inputLoop.shutdown(CLOSE_TIMEOUT);
        journal.close();
        if (agent instanceof Agent.Availability.Ready ready) {
            ready.agent().close();
        }
        network.close();
        onClosed.accept(this);
    }
}
