package dev.baton.relay.hub;

import dev.baton.protocol.Json;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.frame.EventsFrameText;
import dev.baton.protocol.frame.Frames.EventsFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A frame serialised and encoded once. A fan-out writes the same UTF-8 bytes to every device of a session
 * instead of serialising or encoding the frame again per device, and each stream counts its queued bytes
 * from their length. Equal frames are those of equal text; the bytes follow from it.
 */
public final class EncodedFrame {
    private final String text;
    private final byte[] utf8;
    private final int events;

    private EncodedFrame(String text, int events) {
        this.text = text;
        this.utf8 = text.getBytes(StandardCharsets.UTF_8);
        this.events = events;
    }

    public static EncodedFrame of(Object frame) {
        return new EncodedFrame(
                Json.write(frame),
                frame instanceof EventsFrame batch ? batch.events().size() : 0);
    }

    /** An {@code events} frame joined from the events' own text, as the host sent it. */
    public static EncodedFrame events(List<EncodedEvent> events) {
        return new EncodedFrame(EventsFrameText.write(events), events.size());
    }

    public String text() {
        return text;
    }

    public long utf8Bytes() {
        return utf8.length;
    }

    /** A fresh view of the bytes for one write: writing moves a buffer's position, and devices share the bytes. */
    public ByteBuffer payload() {
        return ByteBuffer.wrap(utf8);
    }

    /** How many events the frame carries (an {@code events} frame), for the delivery metrics. */
    public int events() {
        return events;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncodedFrame frame && frame.events == events && frame.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
