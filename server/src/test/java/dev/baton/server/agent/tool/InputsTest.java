package dev.baton.server.agent.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputsTest {
    @Test
    void aValueOfTheWrongTypeIsQuotedShortenedAndNeverCutInsideACharacter() {
        // [" and 37 letters, then an emoji whose two chars are the 40th and 41st of the JSON text.
        String words = "a".repeat(37) + "🚀🚀";
        var input = Json.MAPPER.valueToTree(Map.of("path", new String[] {words}));

        assertThatThrownBy(() -> Inputs.requiredString(input, "path"))
                .isInstanceOf(ToolInputException.class)
                .hasMessageStartingWith("\"path\" must be a string, got [\"" + "a".repeat(37) + "🚀")
                .hasMessageEndingWith("…")
                .satisfies(failure ->
                        assertThat(isWellFormed(failure.getMessage())).isTrue());
    }

    /** No half of a surrogate pair on its own. */
    private static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
