package dev.baton.server.session;

import java.security.SecureRandom;
import java.util.Base64;

/** Random identifiers for epochs and tool calls (session ids are the relay's form, {@code ses_…}). */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /** 128 random bits, base64url without padding: 22 characters of {@code [A-Za-z0-9_-]}. */
    static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
