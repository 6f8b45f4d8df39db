package dev.baton.server.session;

import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.EventErrorCode;
import dev.baton.server.agent.loop.Agent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The session's {@code /commands}: the events that answer each, committed after the message that asked. */
final class SlashCommands {
    private static final Logger LOG = LoggerFactory.getLogger(SlashCommands.class);

    private final Session session;
    private final Journal journal;
    private final RemoteControlPort remoteControl;
    private final Agent.Availability agent;
    /** Whether work runs now, which {@code /clear} must not cut short. */
    private final BooleanSupplier busy;

    SlashCommands(
            Session session,
            Journal journal,
            RemoteControlPort remoteControl,
            Agent.Availability agent,
            BooleanSupplier busy) {
        this.session = session;
        this.journal = journal;
        this.remoteControl = remoteControl;
        this.agent = agent;
        this.busy = busy;
    }

    List<EventDraft> answer(Stamp stamp, SlashCommand command) {
        return switch (command.name()) {
            case "help" -> List.of(stamp.of(new EventBody.Notice(Replies.HELP)));
            case "rename" -> List.of(stamp.of(TitlePolicy.rename(command.args())));
            case "status" -> List.of(stamp.of(new EventBody.Notice(statusReport())));
            case "config" -> List.of(
                    stamp.of(new EventBody.Notice(agent.configReport().stripTrailing())));
            case "clear" -> busy.getAsBoolean()
                    ? List.of(stamp.of(new EventBody.Error(EventErrorCode.BUSY.wire(), Replies.CLEAR_WHILE_WORKING)))
                    : List.of(
                            stamp.of(new EventBody.Notice(Replies.CLEARED)),
                            stamp.of(new EventBody.ConversationCleared()));
            case "remote-control" -> remoteControl(stamp, command.args());
            case "mobile" -> List.of(stamp.of(mobile()));
            default -> List.of(stamp.of(new EventBody.Error(
                    EventErrorCode.UNKNOWN_COMMAND.wire(), Replies.unknownCommand(command.name()))));
        };
    }

    private String statusReport() {
        long events = journal.cursor().seq();
        String connection =
                remoteControl.connection(session.id()).map(Replies::connection).orElse(Replies.REMOTE_CONTROL_OFF);
        return journal.read(state -> Replies.status(
                session.id(),
                state.title(),
                session.directory().toString(),
                events,
                state.processing(),
                model(),
                connection));
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

    /**
     * Hosts the session on a relay from its first event on (the same id, so devices see the whole
     * history), or mints a fresh code when it is hosted already. The code goes to whoever asked the
     * port ({@link RemoteControlPort.Connection#pairingUrl()}), never into the log. Runs on the input loop: the
     * relay round trip holds back other inputs for a moment, which keeps the reply in order with them.
     */
    private List<EventDraft> remoteControl(Stamp stamp, String requestedName) {
        Optional<EventBody.Error> refused = TitlePolicy.nameRefused(requestedName);
        if (refused.isPresent()) {
            return List.of(stamp.of(refused.get()));
        }
        RemoteControlPort.Connection connection;
        try {
            connection = remoteControl.start(session);
        } catch (UnsupportedOperationException e) {
            return List.of(
                    stamp.of(new EventBody.Error(EventErrorCode.REMOTE_CONTROL_UNAVAILABLE.wire(), e.getMessage())));
        } catch (IOException | RuntimeException e) {
            LOG.warn("session {}: Remote Control did not start", session.id(), e);
            return List.of(stamp.of(new EventBody.Error(
                    EventErrorCode.REMOTE_CONTROL_FAILED.wire(),
                    "Remote Control could not start: " + (e.getMessage() == null ? e : e.getMessage()))));
        }
        List<EventDraft> drafts = new ArrayList<>();
        journal.read(state -> TitlePolicy.onRemoteControl(state, requestedName))
                .ifPresent(title -> drafts.add(stamp.of(title)));
        drafts.add(stamp.of(new EventBody.Notice(Replies.remoteControl(connection.sessionUrl()))));
        return drafts;
    }

    /** The relay's web app, for a phone that has not paired yet; needs a relay, so Remote Control. */
    private EventBody mobile() {
        return remoteControl
                .connection(session.id())
                .<EventBody>map(connection -> new EventBody.Notice(Replies.mobile(connection.relayUrl() + "/")))
                .orElseGet(() ->
                        new EventBody.Error(EventErrorCode.REMOTE_CONTROL_OFF.wire(), Replies.MOBILE_WITHOUT_RELAY));
    }
}
