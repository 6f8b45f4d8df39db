package dev.baton.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

class ColumnsTest {
    @Test
    void wideCharactersAndEmojiTakeTwoColumnsAndAccentsNone() {
        assertThat(Columns.width("abc")).isEqualTo(3);
        assertThat(Columns.width("会话")).isEqualTo(4);
        assertThat(Columns.width("🚀")).isEqualTo(2);
        assertThat(Columns.width("cafe\u0301")).isEqualTo(4);
    }

    @Test
    void anEmojiDrawnAsAnEmojiByDefaultTakesTwoColumnsThoughJLinesTableSaysOne() {
        assertThat(Columns.width("\u2705")).as("✅").isEqualTo(2);
        assertThat(Columns.width("\u2B50")).as("⭐").isEqualTo(2);
        assertThat(Columns.width("\u231A")).as("⌚").isEqualTo(2);
        assertThat(Columns.width("done \u2705")).isEqualTo(7);
        assertThat(Columns.width(0x2705)).isEqualTo(2);
    }

    @Test
    void theEmojiSelectorMakesATextSymbolTwoColumnsAndNothingElse() {
        assertThat(Columns.width("\u2764")).as("❤ alone is a text symbol").isEqualTo(1);
        assertThat(Columns.width("\u2764\uFE0F")).as("❤️").isEqualTo(2);
        assertThat(Columns.width("\u2600\uFE0F")).as("☀️").isEqualTo(2);
        assertThat(Columns.width("\u2705\uFE0F")).as("✅ already two").isEqualTo(2);
        assertThat(Columns.width("a\uFE0F")).as("a letter is not an emoji").isEqualTo(1);
    }

    @Test
    void aSkinToneStaysInTheColumnsOfTheEmojiItFollowsAndAControlCharacterTakesNone() {
        assertThat(Columns.width("\uD83D\uDC4D\uD83C\uDFFD")).as("👍🏽").isEqualTo(2);
        assertThat(Columns.width("a\u0007b")).isEqualTo(2);
    }

    @Test
    void aCutCountsTheNewlyWideEmojiAndKeepsTheSelectorWithItsSymbol() {
        assertThat(Columns.cut("ab\u2705cdef", 4)).isEqualTo("ab…");
        assertThat(Columns.cut("ab\u2764\uFE0Fcdef", 5)).isEqualTo("ab\u2764\uFE0F…");
        assertThat(Columns.cut("ab\u2764\uFE0Fcdef", 4)).isEqualTo("ab…");
    }

    @Test
    void theHeadOfAStyledLineIsWhatFitsWithItsStyle() {
        AttributedString bold = new AttributedString("a\u2705b", AttributedStyle.BOLD);

        assertThat(Columns.head(bold, 2).toString()).isEqualTo("a");
        assertThat(Columns.head(bold, 3).toString()).isEqualTo("a\u2705");
        assertThat(Columns.head(bold, 3).styleAt(1)).isEqualTo(AttributedStyle.BOLD);
    }

    @Test
    void textThatFitsIsLeftWhole() {
        assertThat(Columns.cut("会话标题", 8)).isEqualTo("会话标题");
    }

    @Test
    void aCutEndsWithAnEllipsisInTheLastColumn() {
        assertThat(Columns.cut("abcdefgh", 5)).isEqualTo("abcd…");
        assertThat(Columns.cut("会话标题很长", 7)).isEqualTo("会话标…");
    }

    @Test
    void aStyledLineKeepsItsStyleAndBelowTwoColumnsHasNoRoomForTheEllipsis() {
        AttributedString bold = new AttributedString("会话标题很长", AttributedStyle.BOLD);

        AttributedString cut = Columns.cut(bold, 7);
        assertThat(cut.toString()).isEqualTo("会话标…");
        assertThat(cut.styleAt(0)).isEqualTo(AttributedStyle.BOLD);
        assertThat(Columns.cut(new AttributedString("abc"), 1).toString()).isEqualTo("a");
    }

    @Test
    void aWideCharacterThatWouldEndPastTheLimitIsLeftOut() {
        assertThat(Columns.cut("a会话标题", 5)).isEqualTo("a会…");
    }

    @Test
    void anEmojiIsNeverSplitInHalf() {
        String cut = Columns.cut("abc🚀def", 5);

        assertThat(cut).isEqualTo("abc…");
        assertThat(cut.codePoints()).doesNotContain((int) "🚀".charAt(0));
    }

    @Test
    void anAccentStaysWithItsLetter() {
        assertThat(Columns.cut("cafe\u0301 au lait", 5)).isEqualTo("cafe\u0301…");
    }
}
