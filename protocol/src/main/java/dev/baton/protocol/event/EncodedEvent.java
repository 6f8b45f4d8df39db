package dev.baton.protocol.event;

import dev.baton.protocol.Json;
import java.util.List;

/**
 * A sealed event with its JSON text, so that whoever passes it on (the relay, into its stored tail and out
 * to every device) writes the text it already has instead of serialising the event again.
 *
 * @param json the event as one JSON object carrying exactly the fields and values of {@code event}
 */
public record EncodedEvent(SealedEvent event, String json) {
    public static EncodedEvent of(SealedEvent event) {
        return new EncodedEvent(event, Json.write(event));
    }

    public static List<EncodedEvent> allOf(List<SealedEvent> events) {
        return events.stream().map(EncodedEvent::of).toList();
    }

    public static List<SealedEvent> events(List<EncodedEvent> encoded) {
        return encoded.stream().map(EncodedEvent::event).toList();
    }

    public long seq() {
        return event.seq();
    }
}
