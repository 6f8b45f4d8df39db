package dev.baton.server.agent.loop;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventBody;
import java.util.List;

/** Where a turn writes: the session's log and its surfaces. */
public interface TurnOutput {
    /**
     * Commits events stamped with the inputId and origin of the message that started the turn. Work
     * that happened must be recorded, so a write the disk refuses is kept and written later.
     */
    void commit(List<EventBody> events);

    /** Streams text of the answer {@code messageId} to the surfaces; never stored. */
    void delta(String messageId, String text);

    /** The whole log, from which the conversation is rebuilt before every request. */
    List<Event> history();
}
