package dev.baton.server.session;

/** How titles are made from what people type. */
final class Titles {
    /** Longest title taken from a prompt, in characters. */
    static final int PROMPT_TITLE_LENGTH = 60;
    /** Longest title a rename accepts; longer is a mistake worth telling. */
    static final int MAX_LENGTH = 200;

    /** Title sources, highest precedence first: a name given at start, a rename, the conversation, a prompt. */
    static final String NAME = "name";

    static final String RENAME = "rename";
    static final String CONVERSATION = "conversation";
    static final String PROMPT = "prompt";

    private Titles() {}

    /** Whitespace, line breaks included, collapsed to single spaces: a title is one line. */
    static String clean(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }

    /** A message that says what the conversation is about: not a {@code !command} or a {@code /command}. */
    static boolean isPrompt(String text) {
        return text != null && !text.isBlank() && !text.startsWith("!") && !text.startsWith("/");
    }

    /** The first non-blank line of a prompt, at most {@value #PROMPT_TITLE_LENGTH} characters. */
    static String fromPrompt(String prompt) {
        String firstLine = prompt.strip().lines().findFirst().orElse("");
        String title = clean(firstLine);
        if (title.codePointCount(0, title.length()) <= PROMPT_TITLE_LENGTH) {
            return title;
        }
        int cut = title.offsetByCodePoints(0, PROMPT_TITLE_LENGTH - 1);
        return title.substring(0, cut).stripTrailing() + "…";
    }
}
