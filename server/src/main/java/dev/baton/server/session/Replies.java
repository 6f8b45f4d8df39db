package dev.baton.server.session;

import dev.baton.server.qr.QrCodes;
import dev.baton.server.qr.QrText;
import java.util.Locale;

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
              /remote-control [NAME]
                             continue this session from a phone or browser (NAME also renames it)
              /mobile        the QR code of the relay's web app, to open Baton on a phone
              !COMMAND       run COMMAND with /bin/sh in the session's directory""";

    static final String CLEARED = "Conversation cleared";

    static final String CLEAR_WHILE_WORKING = "The session is working; interrupt it first, then /clear.";

    static final String INTERRUPTED = "Interrupted";

    static final String NOTHING_TO_INTERRUPT = "Nothing to interrupt: no work is running.";

    static final String REMOTE_CONTROL_OFF = "Remote Control is off";

    static final String MOBILE_WITHOUT_RELAY =
            "Remote Control is off, so there is no relay to open on a phone. Start it with /remote-control, then"
                    + " /mobile.";

    private Replies() {}

    /** The {@code /status} line of a hosted session: never the pairing code, which is for one device. */
    static String connection(RemoteControlPort.Connection connection) {
        return "Remote Control: " + connection.state().name().toLowerCase(Locale.ROOT) + ", " + connection.sessionUrl();
    }

    /**
     * The logged answer to {@code /remote-control}: every device reads the log, so it says that a pairing
     * was offered and where to get a code, never the code itself (which pairs whoever reads it first).
     */
    static String remoteControl(String sessionUrl) {
        return "Remote Control is on: " + sessionUrl + "\nA pairing was offered. Pairing codes are never written"
                + " here: get one on the device that pairs, from \"Pair another device\" or /mobile in the web app,"
                + " or Show QR Code in the editor.";
    }

    static String mobile(String webAppUrl) {
        return "Baton on your phone: scan this or open " + webAppUrl + "\n\n"
                + QrText.render(QrCodes.encode(webAppUrl));
    }

    /**
     * The answer to a plain message when no model can be used: why, and what still works. A session reads
     * the configuration when it starts, so the way on is a session started after the change; said so that
     * a phone, which cannot restart anything, knows "New session" is that way.
     */
    static String noModel(String reason) {
        return reason + " A session reads it when it starts: start a new session (or restart baton) afterwards."
                + " Until then, !commands and /commands still work.";
    }

    static String status(
            String id,
            String title,
            String directory,
            long events,
            boolean processing,
            String model,
            String connection) {
        return """
                Session: %s
                Title: %s
                Directory: %s
                Events: %d
                Working: %s
                Model: %s
                %s"""
                .formatted(
                        id,
                        title == null ? "(none)" : title,
                        directory,
                        events,
                        processing ? "yes" : "no",
                        model,
                        connection);
    }

    static String unknownCommand(String name) {
        return "Unknown command /" + name + ". Type /help to see the commands.";
    }
}
