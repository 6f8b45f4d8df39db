package dev.baton.server.tui;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Folds text to a terminal's width between words, where the terminal itself would cut a word in two. A
 * folded line goes on under where its text started: under its indentation, or, in an indented two-column
 * line such as {@code "  /status        the session's id"}, under the second column.
 */
final class LineFolding {
    /** Narrower than this, folding helps nobody: lines are left to the terminal. */
    private static final int NARROWEST = 20;

    /** An indented first column, then two spaces or more before the second. */
    private static final Pattern TWO_COLUMNS = Pattern.compile("^(\\s+\\S+(?: \\S+)*\\s{2,})\\S");

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
        if (line.length() <= width) {
            folded.add(line);
            return;
        }
        String hang = " ".repeat(hangingIndent(line, width));
        StringBuilder current = new StringBuilder();
        int start = 0;
        while (start < line.length()) {
            int space = line.indexOf(' ', start + 1);
            int end = space < 0 ? line.length() : space;
            String word = line.substring(start, end);
            boolean fresh = current.toString().isBlank();
            if (!fresh && current.length() + word.length() > width) {
                folded.add(current.toString().stripTrailing());
                current = new StringBuilder(hang).append(word.stripLeading());
            } else {
                current.append(word);
            }
            start = end;
        }
        folded.add(current.toString().stripTrailing());
    }

    private static int hangingIndent(String line, int width) {
        Matcher columns = TWO_COLUMNS.matcher(line);
        if (columns.find() && columns.end(1) <= width / 2) {
            return columns.end(1);
        }
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        return indent <= width / 2 ? indent : 0;
    }
}
