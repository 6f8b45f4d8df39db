package dev.baton.relay.http;

import java.net.URI;

/** The links a person opens: a session's page, with a pairing code only ever in the fragment. */
public record SessionUrls(URI base) {

    public String session(String sessionId) {
        return base + "/s/" + sessionId;
    }

    /** With no session, the code pairs the device and the relay's home page lists the sessions. */
    public String pairing(String sessionId, String code) {
        return (sessionId == null ? base + "/" : session(sessionId)) + "#pair=" + code;
    }
}
