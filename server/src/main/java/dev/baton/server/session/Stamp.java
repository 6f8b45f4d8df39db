package dev.baton.server.session;

import dev.baton.protocol.event.EventBody;

/** Who asked: stamped on every event an input causes, so its sender sees it applied. */
record Stamp(String inputId, String origin) {
    EventDraft of(EventBody body) {
        return new EventDraft(inputId, origin, body);
    }
}
