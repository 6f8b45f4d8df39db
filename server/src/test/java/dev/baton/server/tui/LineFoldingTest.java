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
    void wideCharactersTakeTwoColumns() {
        String words = "状态 会话 标题 目录 模型 令牌 用量 设备";

        assertThat(LineFolding.fold(words, 20).split("\n")).containsExactly("状态 会话 标题 目录", "模型 令牌 用量 设备");
    }

    @Test
    void anEmojiTakesTheTwoColumnsATerminalDrawsItIn() {
        String done = "\u2705 done";
        String words = String.join(" ", done, done, done, done);

        // 18 columns, where one for each ✅ would have let the third "done" in too.
        assertThat(LineFolding.fold(words, 20).split("\n"))
                .containsExactly("\u2705 done \u2705 done \u2705", "done \u2705 done");
    }

    @Test
    void accentsTakeNoColumn() {
        String resume = "re\u0301sume\u0301";
        String words = String.join(" ", resume, resume, resume, resume, resume, resume);

        assertThat(LineFolding.fold(words, 20).split("\n"))
                .containsExactly(String.join(" ", resume, resume, resume), String.join(" ", resume, resume, resume));
    }

    @Test
    void textWithoutSpacesIsFoldedBetweenItsWideCharacters() {
        String sentence = "这是一个没有空格的中文句子需要在终端宽度处折行";

        assertThat(LineFolding.fold("Note: " + sentence, 20).split("\n"))
                .containsExactly("Note: 这是一个没有空", "格的中文句子需要在终", "端宽度处折行");
        assertThat(LineFolding.fold("🚀".repeat(15), 20).split("\n")).containsExactly("🚀".repeat(10), "🚀".repeat(5));
    }

    @Test
    void punctuationStaysWithTheCharacterItCloses() {
        assertThat(LineFolding.fold("一二三四五六七八九十。十一", 20).split("\n")).containsExactly("一二三四五六七八九", "十。十一");
    }

    @Test
    void anAccentOrAJoinerStaysWithItsCharacter() {
        String family = "👨\u200D👩\u200D👧";
        String line = "一二三四五六七八九" + family + "十";

        assertThat(LineFolding.fold(line, 20).split("\n")).containsExactly("一二三四五六七八九", family + "十");
        assertThat(LineFolding.fold("一二三四五六七八九十\u0301十一", 20).split("\n")).containsExactly("一二三四五六七八九十\u0301", "十一");
    }

    @Test
    void aUrlWithWideCharactersStaysWhole() {
        String url = "https://ja.wikipedia.org/wiki/東京都の歴史";

        assertThat(LineFolding.fold("See " + url + " now", 30).split("\n")).containsExactly("See", url, "now");
    }

    @Test
    void aWideFirstColumnHangsTheSecondUnderItsColumnNotItsCharacters() {
        String help = "  /状态          会话的编号、标题、目录、状态、模型和令牌用量";

        assertThat(LineFolding.fold(help, 41).split("\n"))
                .containsExactly("  /状态          会话的编号、标题、目录、", "                 状态、模型和令牌用量");
    }

    @Test
    void aNarrowOrUnknownWidthLeavesTheTextToTheTerminal() {
        String sentence = "word ".repeat(30).strip();
        assertThat(LineFolding.fold(sentence, 0)).isEqualTo(sentence);
    }
}
