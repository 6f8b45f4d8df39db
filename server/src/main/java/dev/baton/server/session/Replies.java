package dev.baton.server.session;

/** The session's own words to the people using it. */
final class Replies {
    static final String HELP =
            """
            Commands:
              /help          this list
              /rename NAME   give the session a new title
              /status        the session's id, title, directory, state, model and token usage
              /clear         start a new conversation in this session (the log keeps the old one)
              /config        the model configuration and where each value comes from
              !COMMAND       run COMMAND with /bin/sh in the session's directory""";

    static final String CLEARED = "Conversation cleared";

    static final String CLEAR_WHILE_WORKING = "The session is working; interrupt it first, then /clear.";

    static final String INTERRUPTED = "Interrupted";

    static final String NOTHING_TO_INTERRUPT = "Nothing to interrupt: no work is running.";

    private Replies() {}

    /** The answer to a plain message when no model can be used: why, and what still works. */
    static String noModel(String reason) {
        return reason + " Then start the session again. Until then, !commands and /commands still work.";
    }

    static String status(String id, String title, String directory, long events, boolean processing, String model) {
        return """
                Session: %s
                Title: %s
                Directory: %s
                Events: %d
                Working: %s
                Model: %s"""
                .formatted(id, title == null ? "(none)" : title, directory, events, processing ? "yes" : "no", model);
    }

    static String unknownCommand(String name) {
        return "Unknown command /" + name + ". Type /help to see the commands.";
    }
}
