package dev.baton.server.terminal;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.WCWidth;

/**
 * Text measured in the columns a terminal gives it rather than in UTF-16 chars: an East Asian wide character
 * or an emoji takes two columns (and an emoji two chars), a combining accent none. The measure is JLine's,
 * but its table predates most emoji: what Unicode says is drawn as an emoji by default (✅, ⭐, ⌚), or is
 * asked to be by the variation selector U+FE0F after it (❤️), is two columns here, as modern terminals
 * draw it. Where terminals disagree (tmux 3.3 draws ❤️ in one), two is the safer guess: a line measured
 * a column too wide leaves a blank, one measured too narrow wraps and tears the screen.
 */
public final class Columns {
    private static final int EMOJI_PRESENTATION_SELECTOR = 0xFE0F;

    private Columns() {}

    public static int width(CharSequence text) {
        int columns = 0;
        for (int start = 0; start < text.length(); ) {
            int end = characterEnd(text, start);
            columns += width(text, start, end);
            start = end;
        }
        return columns;
    }

    /** A code point alone, with no variation selector after it; a control character takes none. */
    public static int width(int codePoint) {
        int columns = WCWidth.wcwidth(codePoint);
        return columns == 1 && Character.isEmojiPresentation(codePoint) ? 2 : Math.max(columns, 0);
    }

    /**
     * The text in at most {@code columns} columns, its last column an ellipsis when it had to be cut. A
     * character is kept whole or left out: never half a surrogate pair, never a wide character that would
     * end past the limit, never a base character without the accents that follow it.
     */
    public static String cut(String text, int columns) {
        return cut(new AttributedString(text), columns).toString();
    }

    /** {@link #cut(String, int)} keeping the line's styles; narrower than two columns, no ellipsis fits. */
    public static AttributedString cut(AttributedString line, int columns) {
        if (width(line) <= columns) {
            return line;
        }
        if (columns < 2) {
            return head(line, columns);
        }
        return new AttributedStringBuilder()
                .append(head(line, columns - 1))
                .append("…")
                .toAttributedString();
    }

    /** As much of the start of the line as fits in {@code columns}, its characters kept whole. */
    public static AttributedString head(AttributedString line, int columns) {
        int used = 0;
        int start = 0;
        while (start < line.length()) {
            int end = characterEnd(line, start);
            used += width(line, start, end);
            if (used > columns) {
                break;
            }
            start = end;
        }
        return line.subSequence(0, start);
    }

    /** Where the character starting at {@code start} ends: after the code points that take no column. */
    private static int characterEnd(CharSequence text, int start) {
        int end = start + Character.charCount(Character.codePointAt(text, start));
        while (end < text.length()) {
            int next = Character.codePointAt(text, end);
            if (WCWidth.wcwidth(next) != 0) {
                break;
            }
            end += Character.charCount(next);
        }
        return end;
    }

    /** The columns of one character: a code point and the accents, selectors and joiners after it. */
    private static int width(CharSequence text, int start, int end) {
        int base = Character.codePointAt(text, start);
        int afterBase = start + Character.charCount(base);
        boolean asEmoji = afterBase < end
                && Character.codePointAt(text, afterBase) == EMOJI_PRESENTATION_SELECTOR
                && Character.isEmoji(base);
        return asEmoji ? Math.max(width(base), 2) : width(base);
    }
}
