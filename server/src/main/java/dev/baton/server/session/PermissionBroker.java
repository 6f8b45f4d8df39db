package dev.baton.server.session;

import dev.baton.protocol.event.EventBody;
import dev.baton.protocol.event.EventErrorCode;
import dev.baton.protocol.event.Input;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Answers to the tool-call approvals a turn asks for, from whichever surface answers first. Runs on
 * the input loop, so the first answer is committed before any other is read: later ones are told the
 * request was already decided, and only the first reaches the turn.
 */
final class PermissionBroker {
    private final Journal journal;
    /** Hands a decided answer to the turn waiting on it (which also keeps an "always" rule). */
    private final Consumer<Input.Permission> waitingTurn;

    PermissionBroker(Journal journal, Consumer<Input.Permission> waitingTurn) {
        this.journal = journal;
        this.waitingTurn = waitingTurn;
    }

    /**
     * Commits the decision and hands it on, or commits why it cannot be taken.
     *
     * @throws LogWriteException when the log refuses; then nothing was handed on
     */
    void answer(Stamp stamp, Input.Permission answer) {
        Optional<EventBody.Error> refused = journal.read(state -> refusal(state, answer));
        if (refused.isPresent()) {
            journal.commit(List.of(stamp.of(refused.get())));
            return;
        }
        journal.commit(List.of(stamp.of(new EventBody.PermissionDecision(answer.requestId(), answer.decision()))));
        waitingTurn.accept(answer);
    }

    private static Optional<EventBody.Error> refusal(SessionState state, Input.Permission answer) {
        String requestId = answer.requestId();
        if (requestId != null && !state.isPending(requestId) && state.wasRequested(requestId)) {
            return Optional.of(new EventBody.Error(
                    EventErrorCode.PERMISSION_ALREADY_DECIDED.wire(),
                    "Permission request " + requestId + " was already answered or closed."));
        }
        if (requestId == null || !state.isPending(requestId)) {
            return Optional.of(new EventBody.Error(
                    EventErrorCode.UNKNOWN_PERMISSION_REQUEST.wire(),
                    "No permission request " + requestId + " is waiting for an answer."));
        }
        if (answer.decision() == null) {
            return Optional.of(new EventBody.Error(
                    EventErrorCode.MISSING_ARGUMENT.wire(),
                    "A permission answer needs a decision: allow, deny or allowAlways."));
        }
        String remember = answer.remember();
        if (remember != null
                && !Input.Permission.REMEMBER_SESSION.equals(remember)
                && !Input.Permission.REMEMBER_PROJECT.equals(remember)) {
            return Optional.of(new EventBody.Error(
                    EventErrorCode.INVALID_ARGUMENT.wire(),
                    "remember must be \"session\" or \"project\", not \"" + remember + "\"."));
        }
        return Optional.empty();
    }
}
