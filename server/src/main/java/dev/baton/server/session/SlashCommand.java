package dev.baton.server.session;

import java.util.Locale;

/** {@code /name args}, from a message or from a {@code command} input. */
record SlashCommand(String name, String args) {
    /** Parses text that starts with {@code /}. */
    static SlashCommand parse(String text) {
        String body = text.substring(1).strip();
        int space = body.indexOf(' ');
        return space < 0
                ? new SlashCommand(body.toLowerCase(Locale.ROOT), "")
                : new SlashCommand(
                        body.substring(0, space).toLowerCase(Locale.ROOT),
                        body.substring(space + 1).strip());
    }

    /** The message a {@code command} input stands for, so both paths behave and read the same. */
    static String asMessage(String name, String args) {
        String bare = name == null ? "" : name.strip().replaceFirst("^/", "");
        return args == null || args.isBlank() ? "/" + bare : "/" + bare + " " + args.strip();
    }
}
