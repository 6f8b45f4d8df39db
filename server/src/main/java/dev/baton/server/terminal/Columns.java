package dev.baton.server.terminal;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * Text measured in the columns a terminal gives it rather than in UTF-16 chars: an East Asian wide character
 * or an emoji takes two columns (and an emoji two chars), a combining accent none. The measure is JLine's,
 * the same the line editor and the status screen draw with.
 */
public final class Columns {
    private Columns() {}

    public static int width(CharSequence text) {
        return new AttributedString(text).columnLength();
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
        if (line.columnLength() <= columns) {
            return line;
        }
        if (columns < 2) {
            return line.columnSubSequence(0, Math.max(0, columns));
        }
        return new AttributedStringBuilder()
                .append(line.columnSubSequence(0, columns - 1))
                .append("…")
                .toAttributedString();
    }
}
