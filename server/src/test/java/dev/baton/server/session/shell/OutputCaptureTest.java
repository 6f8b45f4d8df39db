package dev.baton.server.session.shell;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputCaptureTest {
    @Test
    void keepsEverythingUnderTheLimit() {
        OutputCapture capture = new OutputCapture(8);
        write(capture, "héllo");

        assertThat(capture.text()).isEqualTo("héllo");
    }

    @Test
    void neverCutsACharacterInHalfAtTheLimit() {
        OutputCapture capture = new OutputCapture(8);
        write(capture, "abcdefgé and more"); // é is two bytes: its first is the 8th

        assertThat(capture.text()).isEqualTo("abcdefg\n[output truncated: kept the first 7 bytes, dropped 11 more]");
    }

    @Test
    void countsWhatWasDroppedAcrossWrites() {
        OutputCapture capture = new OutputCapture(4);
        write(capture, "abc");
        write(capture, "def");
        write(capture, "ghi");

        assertThat(capture.text()).isEqualTo("abcd\n[output truncated: kept the first 4 bytes, dropped 5 more]");
    }

    private static void write(OutputCapture capture, String text) {
        byte[] bytes = text.getBytes(UTF_8);
        capture.write(bytes, bytes.length);
    }
}
