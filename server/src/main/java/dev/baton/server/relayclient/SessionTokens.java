package dev.baton.server.relayclient;

import java.io.IOException;

/** Supplies the session host token the host stream presents, and learns when the relay refuses it. */
public interface SessionTokens {
    /** A token that is not about to expire; may register the session again to get one. */
    String sessionToken() throws IOException;

    /** The relay refused the last token (expired, unknown, or the session is gone): get a new one. */
    void sessionTokenRefused();
}
