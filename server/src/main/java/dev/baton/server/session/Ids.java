package dev.baton.server.session;

import java.security.SecureRandom;
import java.util.Base64;

/** Random identifiers for sessions, epochs and tool calls. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /**
     * 128 random bits, base64url without padding: 22 characters of {@code [A-Za-z0-9_-]}, which is also
     * what the relay accepts as a session id.
     */
    static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
