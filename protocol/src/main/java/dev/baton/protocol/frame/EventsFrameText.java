package dev.baton.protocol.frame;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.baton.protocol.Json;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.SealedEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code events} frames read and written as text, for the relay's event path: a host's frame is read in one
 * pass of Jackson's streaming parser (no tree, no reflection over the records), and each event keeps the
 * text the host sent, which the relay stores and forwards as it is.
 *
 * <p>Only a frame in the form Baton's own writers produce is read here: {@code type} first, then
 * {@code events} and nothing else; each event with known fields only, each once and none null, {@code seq}
 * an integer, {@code ts} exactly as {@link Instant#toString()} writes it, and the clear fields its type
 * needs. For anything else, valid or not, {@link #read} answers null and the caller decodes the frame with
 * {@link Json#decode}, which accepts and refuses as it always has. So this path never widens what a relay
 * accepts, and a device is never sent a field or a value that the relay would not have written itself
 * (only the whitespace and the escaping inside strings stay the host's).
 */
public final class EventsFrameText {
    private static final String PREFIX = "{\"type\":\"events\",\"events\":[";
    private static final String SUFFIX = "]}";

    private EventsFrameText() {}

    /** The events of a host's {@code events} frame with their text, or null when {@link Json#decode} must read it. */
    public static List<EncodedEvent> read(String text) {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT
                    || !"type".equals(parser.nextFieldName())
                    || parser.nextToken() != JsonToken.VALUE_STRING
                    || !"events".equals(parser.getText())
                    || !"events".equals(parser.nextFieldName())
                    || parser.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<EncodedEvent> events = new ArrayList<>();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                int start = Math.toIntExact(parser.currentTokenLocation().getCharOffset());
                SealedEvent event = event(parser);
                if (event == null) {
                    return null;
                }
                int end = Math.toIntExact(parser.currentTokenLocation().getCharOffset()) + 1;
                events.add(new EncodedEvent(event, text.substring(start, end)));
            }
            if (parser.currentToken() != JsonToken.END_ARRAY
                    || parser.nextToken() != JsonToken.END_OBJECT
                    || parser.nextToken() != null
                    || events.isEmpty()) {
                return null;
            }
            return events;
        } catch (IOException | RuntimeException notPlain) {
            return null; // Json.decode says what is wrong, in its own words
        }
    }

    /** An {@code events} frame of these events, their texts joined as they are. */
    public static String write(List<EncodedEvent> events) {
        int length = PREFIX.length() + SUFFIX.length() + events.size();
        for (EncodedEvent event : events) {
            length += event.json().length();
        }
        StringBuilder frame = new StringBuilder(length).append(PREFIX);
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                frame.append(',');
            }
            frame.append(events.get(i).json());
        }
        return frame.append(SUFFIX).toString();
    }

    /** Reads one event's fields up to its closing brace; null when it is not in the plain form. */
    private static SealedEvent event(JsonParser parser) throws IOException {
        Long seq = null;
        Instant ts = null;
        String type = null;
        String inputId = null;
        String origin = null;
        String requestId = null;
        Boolean processing = null;
        String sealed = null;
        String field;
        while ((field = parser.nextFieldName()) != null) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "seq" -> {
                    if (seq != null || value != JsonToken.VALUE_NUMBER_INT) {
                        return null;
                    }
                    seq = parser.getLongValue();
                }
                case "ts" -> {
                    if (ts != null || value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    ts = canonicalInstant(parser.getText());
                    if (ts == null) {
                        return null;
                    }
                }
                case "type" -> {
                    if (type != null || value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    type = parser.getText();
                }
                case "inputId" -> {
                    if (inputId != null || value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    inputId = parser.getText();
                }
                case "origin" -> {
                    if (origin != null || value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    origin = parser.getText();
                }
                case "requestId" -> {
                    if (requestId != null || value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    requestId = parser.getText();
                }
                case "processing" -> {
                    if (processing != null || !value.isBoolean()) {
                        return null;
                    }
                    processing = value == JsonToken.VALUE_TRUE;
                }
                case "sealed" -> {
                    if (sealed != null || value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    sealed = parser.getText();
                }
                default -> {
                    return null;
                }
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT || seq == null || ts == null || type == null) {
            return null;
        }
        boolean status = SealedEvent.STATUS.equals(type);
        boolean permission =
                SealedEvent.PERMISSION_REQUEST.equals(type) || SealedEvent.PERMISSION_DECISION.equals(type);
        if (status ? processing == null : sealed == null || (permission && requestId == null)) {
            return null;
        }
        return new SealedEvent(seq, ts, type, inputId, origin, requestId, processing, sealed);
    }

    /**
     * The instant {@code text} names if it is exactly what {@link Instant#toString()} writes for it
     * ({@code 2026-12-04T18:00:00Z}, with 3, 6 or 9 digits of fraction and never a last group of zeros, in
     * years 0000 to 9999), else null. Read by hand: {@link Instant#parse} cost the relay more than the rest of
     * the frame's reading.
     */
    static Instant canonicalInstant(String text) {
        int length = text.length();
        if (length < 20
                || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int fraction = length - 20;
        if (fraction != 0 && (text.charAt(19) != '.' || (fraction != 4 && fraction != 7 && fraction != 10))) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = fraction == 0 ? 0 : digits(text, 20, length - 1);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > YearMonth.of(year, month).lengthOfMonth()
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || nanos < 0
                || (fraction > 0 && digits(text, length - 4, length - 1) == 0)) {
            return null;
        }
        for (int scale = fraction == 0 ? 0 : fraction - 1; scale < 9; scale++) {
            nanos *= 10;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code text[from, to)}, or -1 when any of it is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
