package dev.baton.server.session;

/** The session's own words to the people using it. */
final class Replies {
    static final String HELP =
            """
            Commands:
              /help          this list
              /rename NAME   give the session a new title
              /status        the session's id, title, directory and state
              !COMMAND       run COMMAND with /bin/sh in the session's directory""";

    static final String NO_MODEL =
            "No model is configured, so this session cannot answer messages yet; !commands and /commands"
                    + " still work. To configure a model, set ANTHROPIC_API_KEY in the environment that starts"
                    + " baton, or add a model to $BATON_HOME/config.json (default ~/.baton/config.json),"
                    + " then start the session again.";

    static final String INTERRUPTED = "Interrupted";

    static final String NOTHING_TO_INTERRUPT = "Nothing to interrupt: no work is running.";

    private Replies() {}

    static String status(String id, String title, String directory, long events, boolean processing) {
        return """
                Session: %s
                Title: %s
                Directory: %s
                Events: %d
                Working: %s
                Model: none"""
                .formatted(id, title == null ? "(none)" : title, directory, events, processing ? "yes" : "no");
    }

    static String unknownCommand(String name) {
        return "Unknown command /" + name + ". Type /help to see the commands.";
    }
}
