package dev.baton.relay.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.frame.Frames.Viewers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncodedFrameTest {
    @Test
    void aFrameIsItsWireJsonWithItsUtf8Length() {
        EncodedFrame frame = EncodedFrame.of(new Viewers(2));
        assertThat(frame.text()).isEqualTo("{\"type\":\"viewers\",\"devices\":2}");
        assertThat(frame.utf8Bytes()).isEqualTo(frame.text().length());
    }

    @Test
    void theLengthCountsMultiByteCharactersAsUtf8Does() {
        String text = "aé€😀";
        assertThat(EncodedFrame.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }
}
