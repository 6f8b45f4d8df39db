package dev.baton.protocol.event;

import dev.baton.protocol.Json;
import java.util.ArrayList;
import java.util.Collections;
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

    /** A loop, not a stream: this runs for every frame of events a relay passes on, and a stream cost 3.6% there. */
    public static List<SealedEvent> events(List<EncodedEvent> encoded) {
        List<SealedEvent> events = new ArrayList<>(encoded.size());
        for (EncodedEvent each : encoded) {
            events.add(each.event());
        }
        return Collections.unmodifiableList(events);
    }

    public long seq() {
        return event.seq();
    }
}
