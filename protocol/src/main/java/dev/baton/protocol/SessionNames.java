package dev.baton.protocol;

/**
 * What every surface calls a session: its title, or for a session nobody has named yet a name made from
 * its id, so that a list of untitled sessions can be told apart on a terminal, a phone and in an editor
 * alike. Every client derives it the same way from what it already has (the id and the title);
 * {@code conformance/display-names.json} holds the cases each implementation is tested against.
 */
public final class SessionNames {
    /** Enough of a 96- or 128-bit random id to tell a person's sessions apart at a glance. */
    static final int ID_CHARACTERS = 8;

    /** The relay's prefix on the ids it makes; every session has it or none, so it tells nothing apart. */
    private static final String RELAY_ID_PREFIX = "ses_";

    private SessionNames() {}

    /**
     * The session's title when it has one that is not blank, else {@code "Session "} and the first eight
     * characters of its id after any {@code ses_} prefix.
     */
    public static String displayName(String sessionId, @Nullable String title) {
        if (title != null && !title.isBlank()) {
            return title;
        }
        String bare = sessionId.startsWith(RELAY_ID_PREFIX) ? sessionId.substring(RELAY_ID_PREFIX.length()) : sessionId;
        return "Session " + bare.substring(0, Math.min(ID_CHARACTERS, bare.length()));
    }
}
