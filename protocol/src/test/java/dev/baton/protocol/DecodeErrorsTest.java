package dev.baton.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.protocol.event.Event;
import dev.baton.protocol.frame.DeviceToRelay;
import dev.baton.protocol.frame.HostToRelay;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A refused message gets a stable code and a sentence about the sender's own JSON, never Java's internals. */
class DecodeErrorsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            {"cursor":null}                                          | bad_request   | missing "type"
            {"type":"teleport"}                                      | unknown_frame | type "teleport" is unknown
            {"type":"input","inputId":"i","sealed":{}}               | bad_request   | sealed: expected a string
            {"type":"input","inputId":"i"}                           | bad_request   | missing "sealed"
            {"type":"subscribe","cursor":{"epoch":"e","seq":null},"protocol":2} | bad_request | cursor.seq: expected a number
            {"type":"subscribe","cursor":{"epoch":"e","seq":"x"},"protocol":2}  | bad_request | cursor.seq: "x" is not a number
            {"type":"subscribe","cursor":7,"protocol":2}             | bad_request   | cursor: expected an object
            {"type":"subscribe","cursor":null}                       | unsupported_protocol | this relay speaks protocol version 2 and the device speaks version 1: update the web client (reload the page) or app to one that speaks version 2
            {"type":"subscribe","cursor":null,"protocol":3}          | unsupported_protocol | this relay speaks protocol version 2 and the device speaks version 3: update the web client (reload the page) or app to one that speaks version 2
            {"type":"subscribe"                                      | bad_request   | not valid JSON (line 1, column 20)
            not json                                                 | bad_request   | not valid JSON (line 1, column 4)
            """)
    void deviceFrames(String frame, String code, String message) {
        ProtocolException refused = refuse(frame, DeviceToRelay.class);

        assertThat(refused.code().wire()).isEqualTo(code);
        assertThat(refused.getMessage()).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            {"type":"events","events":[{"seq":1,"ts":"yesterday","type":"notice","sealed":"x"}]} | events[0]
            {"type":"events","events":[{"seq":1,"ts":"2026-01-01T00:00:00Z","type":"notice"}]} | missing "events[0]
            {"type":"hello","protocol":2,"epoch":"e","lastSeq":true,"snapshot":{}}              | lastSeq
            """)
    void hostFramesNameTheFieldAndNoJavaType(String frame, String field) {
        ProtocolException refused = refuse(frame, HostToRelay.class);

        assertThat(refused.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(refused.getMessage())
                .startsWith(field)
                .doesNotContain("dev.baton", "java.", "`", "Cannot", "Event", "Frames");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            {"seq":1,"ts":"2026-01-01T00:00:00Z","type":"warp"} | type "warp" is unknown
            {"seq":1,"ts":"2026-01-01T00:00:00Z"}               | missing "type"
            """)
    void events(String event, String message) {
        assertThat(refuse(event, Event.class).getMessage()).isEqualTo(message);
    }

    @org.junit.jupiter.api.Test
    void aHostOfAnotherVersionIsToldBothVersions() {
        ProtocolException refused =
                refuse("{\"type\":\"hello\",\"protocol\":1,\"epoch\":\"e\",\"lastSeq\":0}", HostToRelay.class);

        assertThat(refused.code()).isEqualTo(ErrorCode.UNSUPPORTED_PROTOCOL);
        assertThat(refused.getMessage())
                .isEqualTo("this relay speaks protocol version 2 and the host speaks version 1: update the backend"
                        + " (baton) to one that speaks version 2");
    }

    private static ProtocolException refuse(String text, Class<?> type) {
        ProtocolException refused = catchThrowableOfType(ProtocolException.class, () -> Json.decode(text, type));
        assertThat(refused).as("refused: %s", text).isNotNull();
        return refused;
    }
}
