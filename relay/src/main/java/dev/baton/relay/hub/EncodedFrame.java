package dev.baton.relay.hub;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.frame.EventsFrameText;
import dev.baton.protocol.frame.Frames.EventsFrame;
import java.util.List;

/**
 * A frame serialised once. A fan-out sends the same text to every device of a session instead of
 * serialising the frame again per device, and each stream counts its queued bytes from {@code utf8Bytes}.
 *
 * @param events how many events the frame carries (an {@code events} frame), for the delivery metrics
 */
public record EncodedFrame(String text, long utf8Bytes, int events) {
    public static EncodedFrame of(Object frame) {
        String text = Json.write(frame);
        return new EncodedFrame(
                text,
                utf8Length(text),
                frame instanceof EventsFrame batch ? batch.events().size() : 0);
    }

    /** An {@code events} frame joined from the events' own text, as the host sent it. */
    public static EncodedFrame events(List<EncodedEvent> events) {
        String text = EventsFrameText.write(events);
        return new EncodedFrame(text, utf8Length(text), events.size());
    }

    /** The UTF-8 length of {@code text}, without encoding it. */
    public static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
