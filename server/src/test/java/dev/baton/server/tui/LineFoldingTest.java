package dev.baton.server.tui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineFoldingTest {
    @Test
    void aLineThatFitsIsLeftAlone() {
        assertThat(LineFolding.fold("  /help          this list", 80)).isEqualTo("  /help          this list");
    }

    @Test
    void proseIsFoldedBetweenWords() {
        String notice = "No model is configured: set ANTHROPIC_API_KEY, or add an \"openai\" provider to config.json.";

        assertThat(LineFolding.fold(notice, 40).split("\n"))
                .containsExactly(
                        "No model is configured: set",
                        "ANTHROPIC_API_KEY, or add an \"openai\"",
                        "provider to config.json.");
    }

    @Test
    void aTwoColumnLineGoesOnUnderItsSecondColumn() {
        String help = "  /status        the session's id, title, directory, state, model and token usage";

        assertThat(LineFolding.fold(help, 60).split("\n"))
                .containsExactly(
                        "  /status        the session's id, title, directory, state,",
                        "                 model and token usage");
    }

    @Test
    void anIndentedLineKeepsItsIndentation() {
        assertThat(LineFolding.fold("    one two three four five six", 20).split("\n"))
                .containsExactly("    one two three", "    four five six");
    }

    @Test
    void aWordLongerThanTheLineStaysWholeOnItsOwnLine() {
        String url = "http://127.0.0.1:7420/s/abcdefghijklmnopqrstuvwxyz0123456789";

        assertThat(LineFolding.fold("Open:\n  " + url + " now", 30).split("\n"))
                .containsExactly("Open:", "  " + url, "  now");
    }

    @Test
    void aNarrowOrUnknownWidthLeavesTheTextToTheTerminal() {
        String sentence = "word ".repeat(30).strip();
        assertThat(LineFolding.fold(sentence, 0)).isEqualTo(sentence);
    }
}
