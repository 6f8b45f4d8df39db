package dev.baton.server.terminal;

import org.jline.utils.AttributedString;

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
     * The text in at most {@code columns} columns (one or more), its last column an ellipsis when it had to be
     * cut. A character is kept whole or left out: never half a surrogate pair, never a wide character that would
     * end past the limit, never a base character without the accents that follow it.
     */
    public static String cut(String text, int columns) {
        AttributedString line = new AttributedString(text);
        if (line.columnLength() <= columns) {
            return text;
        }
        return line.columnSubSequence(0, columns - 1) + "…";
    }
}
