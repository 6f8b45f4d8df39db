package dev.baton.relay.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.frame.Frames.Viewers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodedFrameTest {
    @Test
    void aFrameIsItsWireJsonWithItsUtf8Length() {
        EncodedFrame frame = EncodedFrame.of(new Viewers(2));
        assertThat(frame.text()).isEqualTo("{\"type\":\"viewers\",\"devices\":2}");
        assertThat(frame.utf8Bytes()).isEqualTo(frame.text().length());
    }

    @Test
    void theBytesAreTheTextsUtf8AndMultiByteCharactersCountAsSuch() {
        EncodedFrame frame = EncodedFrame.of(Map.of("text", "aé€😀"));
        byte[] expected = frame.text().getBytes(StandardCharsets.UTF_8);

        assertThat(frame.utf8Bytes())
                .isEqualTo(expected.length)
                .isGreaterThan(frame.text().length());
        assertThat(frame.payload()).isEqualTo(ByteBuffer.wrap(expected));
    }

    @Test
    void eachWriteGetsItsOwnViewOfTheSharedBytes() {
        EncodedFrame frame = EncodedFrame.of(new Viewers(2));
        ByteBuffer first = frame.payload();
        first.position(first.limit()); // as a write leaves it

        assertThat(frame.payload().remaining()).isEqualTo(frame.utf8Bytes());
    }
}
