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
