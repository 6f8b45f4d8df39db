package dev.baton.server.tui;

import dev.baton.server.terminal.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Folds text to a terminal's width, in columns, where the terminal itself would cut a word in two: between
 * words, and in East Asian text, which has no spaces, between its wide characters. A URL is never folded, as a
 * folded URL can be neither clicked nor copied; longer than the line, it is left for the terminal to wrap. A
 * folded line goes on under where its text started: under its indentation, or, in an indented two-column line
 * such as {@code "  /status        the session's id"}, under the second column.
 */
final class LineFolding {
    /** Narrower than this, folding helps nobody: lines are left to the terminal. */
    private static final int NARROWEST = 20;

    /** An indented first column, then two spaces or more before the second. */
    private static final Pattern TWO_COLUMNS = Pattern.compile("^(\\s+\\S+(?: \\S+)*\\s{2,})\\S");

    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private LineFolding() {}

    static String fold(String text, int width) {
        if (width < NARROWEST) {
            return text;
        }
        List<String> folded = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            foldLine(line, width, folded);
        }
        return String.join("\n", folded);
    }

    private static void foldLine(String line, int width, List<String> folded) {
        if (Columns.width(line) <= width) {
            folded.add(line);
            return;
        }
        int hang = hangingIndent(line, width);
        StringBuilder current = new StringBuilder();
        int columns = 0;
        for (String piece : pieces(line)) {
            int pieceColumns = Columns.width(piece);
            boolean fresh = current.toString().isBlank();
            if (!fresh && columns + pieceColumns > width) {
                folded.add(current.toString().stripTrailing());
                String rest = piece.stripLeading();
                current = new StringBuilder(" ".repeat(hang)).append(rest);
                columns = hang + Columns.width(rest);
            } else {
                current.append(piece);
                columns += pieceColumns;
            }
        }
        folded.add(current.toString().stripTrailing());
    }

    /**
     * The line cut where it may be folded, each piece with the spaces before it: at every space, and inside a
     * word that is not a URL, wherever East Asian text may break.
     */
    private static List<String> pieces(String line) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < line.length()) {
            int space = line.indexOf(' ', start + 1);
            int end = space < 0 ? line.length() : space;
            String word = line.substring(start, end);
            if (word.contains("://")) {
                pieces.add(word);
            } else {
                breakBetweenWideCharacters(word, pieces);
            }
            start = end;
        }
        return pieces;
    }

    private static void breakBetweenWideCharacters(String word, List<String> pieces) {
        int start = 0;
        int before = ' ';
        for (int i = 0; i < word.length(); ) {
            int after = word.codePointAt(i);
            if (breaksBetween(before, after)) {
                pieces.add(word.substring(start, i));
                start = i;
            }
            before = after;
            i += Character.charCount(after);
        }
        pieces.add(word.substring(start));
    }

    /**
     * Next to a wide character, as East Asian text breaks, but never before a character that takes no column
     * (an accent, a joiner), after a joiner, before punctuation that closes or after punctuation that opens.
     */
    private static boolean breaksBetween(int before, int after) {
        boolean nextToWide = Columns.width(before) == 2 || Columns.width(after) == 2;
        return nextToWide
                && before != ' '
                && before != ZERO_WIDTH_JOINER
                && Columns.width(after) > 0
                && !opens(before)
                && !closes(after);
    }

    private static boolean opens(int character) {
        int type = Character.getType(character);
        return type == Character.START_PUNCTUATION || type == Character.INITIAL_QUOTE_PUNCTUATION;
    }

    private static boolean closes(int character) {
        int type = Character.getType(character);
        return type == Character.END_PUNCTUATION
                || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    /** In columns. */
    private static int hangingIndent(String line, int width) {
        Matcher columns = TWO_COLUMNS.matcher(line);
        if (columns.find()) {
            int secondColumn = Columns.width(line.substring(0, columns.end(1)));
            if (secondColumn <= width / 2) {
                return secondColumn;
            }
        }
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        return indent <= width / 2 ? indent : 0;
    }
}
