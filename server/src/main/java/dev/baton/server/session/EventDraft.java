package dev.baton.server.session;

import dev.baton.protocol.event.EventBody;

/** An event before it is committed: the log gives it its seq and timestamp. */
record EventDraft(String inputId, String origin, EventBody body) {
    /** An event the session makes on its own, not in answer to an input. */
    static EventDraft unprompted(EventBody body) {
        return new EventDraft(null, null, body);
    }
}
