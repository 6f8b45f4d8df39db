package dev.baton.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Json;
import dev.baton.protocol.ProtocolException;
import dev.baton.protocol.event.EncodedEvent;
import dev.baton.protocol.event.SealedEvent;
import dev.baton.protocol.frame.Frames.EventsFrame;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventsFrameTextTest {
    private static final Instant TS = Instant.parse("2026-12-04T18:00:00.123Z");

    private static final List<SealedEvent> EVENTS = List.of(
            new SealedEvent(7, TS, "assistant_message", "in_1", "terminal", null, null, "c2VhbGVk\"é"),
            SealedEvent.status(8, TS, null, null, true),
            new SealedEvent(9, TS, SealedEvent.PERMISSION_REQUEST, null, null, "req_1", null, "x"));

    @Test
    void aFrameAsBatonWritesItIsReadWithEachEventsOwnText() {
        String frame = Json.write(new EventsFrame(EVENTS));

        List<EncodedEvent> read = EventsFrameText.read(frame);

        assertThat(read).extracting(EncodedEvent::event).isEqualTo(EVENTS);
        assertThat(read)
                .extracting(EncodedEvent::json)
                .isEqualTo(EncodedEvent.allOf(EVENTS).stream()
                        .map(EncodedEvent::json)
                        .toList());
        assertThat(EventsFrameText.write(read)).isEqualTo(frame);
    }

    @Test
    void theHostsWhitespaceAndEscapesAreKeptAndReadAsJacksonReadsThem() {
        String event =
                "{ \"seq\" : 3,\n \"ts\":\"2026-12-04T18:00:00Z\", \"type\":\"notice\", \"sealed\":\"a\\u00e9\\\"b\" }";
        String frame = "{\"type\":\"events\", \"events\": [ " + event + " ] }";

        List<EncodedEvent> read = EventsFrameText.read(frame);

        assertThat(read).singleElement().satisfies(encoded -> {
            assertThat(encoded.json()).isEqualTo(event);
            assertThat(encoded.event())
                    .isEqualTo(((EventsFrame) Json.decode(frame, HostToRelay.class))
                            .events()
                            .getFirst());
            assertThat(Json.decode(encoded.json(), SealedEvent.class)).isEqualTo(encoded.event());
        });
    }

    /** Valid or not, each of these is left to Json.decode, so what the relay accepts and forwards never widens. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"events\":[{\"seq\":1,\"ts\":\"2026-12-04T18:00:00Z\",\"type\":\"notice\",\"sealed\":\"x\"}],\"type\":\"events\"}",
                "{\"type\":\"events\",\"events\":[{\"seq\":1,\"ts\":\"2026-12-04T18:00:00Z\",\"type\":\"notice\",\"sealed\":\"x\",\"extra\":1}]}",
                "{\"type\":\"events\",\"events\":[{\"seq\":1,\"seq\":2,\"ts\":\"2026-12-04T18:00:00Z\",\"type\":\"notice\",\"sealed\":\"x\"}]}",
                "{\"type\":\"events\",\"events\":[{\"seq\":1,\"ts\":\"2026-12-04T18:00:00Z\",\"type\":\"notice\",\"inputId\":null,\"sealed\":\"x\"}]}",
                "{\"type\":\"events\",\"events\":[{\"seq\":1,\"ts\":\"2026-12-04T18:00:00.000Z\",\"type\":\"notice\",\"sealed\":\"x\"}]}",
                "{\"type\":\"events\",\"events\":[{\"seq\":1,\"ts\":\"yesterday\",\"type\":\"notice\",\"sealed\":\"x\"}]}",
                "{\"type\":\"events\",\"events\":[{\"seq\":1.0,\"ts\":\"2026-12-04T18:00:00Z\",\"type\":\"notice\",\"sealed\":\"x\"}]}",
                "{\"type\":\"events\",\"events\":[{\"seq\":1,\"ts\":\"2026-12-04T18:00:00Z\",\"type\":\"notice\"}]}",
                "{\"type\":\"events\",\"events\":[{\"seq\":1,\"ts\":\"2026-12-04T18:00:00Z\",\"type\":\"status\"}]}",
                "{\"type\":\"events\",\"events\":[{\"seq\":1,\"ts\":\"2026-12-04T18:00:00Z\",\"type\":\"permission_request\",\"sealed\":\"x\"}]}",
                "{\"type\":\"events\",\"events\":[{\"ts\":\"2026-12-04T18:00:00Z\",\"type\":\"notice\",\"sealed\":\"x\"}]}",
                "{\"type\":\"events\",\"events\":[]}",
                "{\"type\":\"events\",\"events\":[],\"more\":true}",
                "{\"type\":\"events\",\"events\":[{\"seq\":1,\"ts\":\"2026-12-04T18:00:00Z\",\"type\":\"notice\",\"sealed\":\"x\"}]} {}",
                "{\"type\":\"events\",\"events\":[{\"seq\":1",
                "{\"type\":\"hello\",\"protocol\":2,\"epoch\":\"e\",\"lastSeq\":0}",
                "not json"
            })
    void anythingElseIsLeftToJsonDecode(String frame) {
        assertThat(EventsFrameText.read(frame)).isNull();
    }

    @Test
    void aFrameLeftToJsonDecodeIsStillRefusedThere() {
        String frame =
                "{\"type\":\"events\",\"events\":[{\"seq\":1,\"ts\":\"2026-12-04T18:00:00Z\",\"type\":\"notice\"}]}";

        assertThat(EventsFrameText.read(frame)).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Json.decode(frame, HostToRelay.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("missing \"events[0].sealed\" of a notice event");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-04T18:00:00Z",
                "2024-02-29T23:59:59.999Z",
                "2026-02-29T00:00:00Z",
                "2026-12-04T24:00:00Z",
                "2026-12-04T18:00:60Z",
                "2026-12-04T18:00:00.000Z",
                "2026-12-04T18:00:00.100Z",
                "2026-12-04T18:00:00.123456Z",
                "2026-12-04T18:00:00.123456000Z",
                "2026-12-04T18:00:00.000000100Z",
                "2026-12-04T18:00:00.1Z",
                "2026-12-04T18:00:00.1234Z",
                "2026-12-04t18:00:00Z",
                "2026-12-04T18:00:00z",
                "2026-12-04T18:00:00+00:00",
                "0000-01-01T00:00:00Z",
                "2026-13-04T18:00:00Z",
                "2026-12-04T18:0a:00Z",
                "2026-12-04 18:00:00Z"
            })
    void aTimeIsReadOnlyInTheFormInstantWritesIt(String text) {
        assertThat(EventsFrameText.canonicalInstant(text)).isEqualTo(asInstantWritesIt(text));
    }

    @Test
    void aYearPast9999IsLeftToJsonDecode() {
        assertThat(EventsFrameText.canonicalInstant("+12026-12-04T18:00:00Z")).isNull();
    }

    @Test
    void everyInstantReadsBackFromWhatItWrites() {
        java.util.Random random = new java.util.Random(20261204);
        for (int i = 0; i < 10_000; i++) {
            long nanos =
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000L;
                        case 2 -> random.nextInt(1_000_000) * 1_000L;
                        default -> random.nextInt(1_000_000_000);
                    };
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L), nanos);
            assertThat(EventsFrameText.canonicalInstant(instant.toString())).isEqualTo(instant);
        }
    }

    private static Instant asInstantWritesIt(String text) {
        try {
            Instant instant = Instant.parse(text);
            return instant.toString().equals(text) ? instant : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
