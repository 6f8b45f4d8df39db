package dev.baton.server.session.shell;

/** Why a command was stopped before it ended by itself. */
public enum StopReason {
    INTERRUPTED("[interrupted]"),
    TIME_LIMIT("[stopped: the command ran past its time limit of %s]"),
    SESSION_CLOSED("[stopped: the session closed]");

    private final String note;

    StopReason(String note) {
        this.note = note;
    }

    /** What the output says about the stop. */
    String note(String timeLimit) {
        return note.formatted(timeLimit);
    }
}
