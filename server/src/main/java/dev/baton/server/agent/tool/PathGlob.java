package dev.baton.server.agent.tool;

import java.util.regex.Pattern;

/**
 * A glob over {@code /}-separated relative paths: {@code *} and {@code ?} stay within one name,
 * {@code **} crosses directories and {@code **}{@code /} also matches no directory at all (so
 * {@code src/**}{@code /*.java} matches {@code src/App.java}), {@code {a,b}} picks one of several,
 * {@code [abc]} and {@code [!abc]} match one character, and a backslash escapes the next one.
 * Hand-written because the JDK's {@code glob:} matcher makes {@code **}{@code /} need a directory.
 */
public final class PathGlob {
    private final String text;
    private final Pattern regex;

    private PathGlob(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    /** @throws IllegalArgumentException for an unclosed {@code [} or {@code {}, naming the glob */
    public static PathGlob compile(String glob) {
        return new PathGlob(glob, Pattern.compile(toRegex(glob)));
    }

    /** Escapes every character the glob syntax gives a meaning, so {@code literal} matches only itself. */
    public static String escape(String literal) {
        StringBuilder out = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("*?[]{},\\".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    public boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    @Override
    public String toString() {
        return text;
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        boolean wholeSegments = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                        regex.append(wholeSegments ? "(?:.*/)?" : ".*");
                        i += wholeSegments ? 2 : 1;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '\\' -> {
                    if (++i == glob.length()) {
                        throw new IllegalArgumentException("the glob " + glob + " ends with a lone backslash");
                    }
                    regex.append(Pattern.quote(String.valueOf(glob.charAt(i))));
                }
                case '[' -> i = characterClass(glob, i, regex);
                case '{' -> {
                    braces++;
                    regex.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        throw new IllegalArgumentException("the glob " + glob + " has a } without a {");
                    }
                    braces--;
                    regex.append(')');
                }
                case ',' -> regex.append(braces > 0 ? "|" : ",");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces > 0) {
            throw new IllegalArgumentException("the glob " + glob + " has a { without a }");
        }
        return regex.toString();
    }

    /** Copies {@code [...]} starting at {@code open}; returns the index of its {@code ]}. */
    private static int characterClass(String glob, int open, StringBuilder regex) {
        int close = glob.indexOf(']', open + 2);
        if (close < 0) {
            throw new IllegalArgumentException("the glob " + glob + " has a [ without a ]");
        }
        String body = glob.substring(open + 1, close);
        boolean negated = body.startsWith("!");
        regex.append('[').append(negated ? "^/" : "");
        for (char c : (negated ? body.substring(1) : body).toCharArray()) {
            // In a Java regex a backslash before any non-alphanumeric character makes it literal.
            regex.append(c == '-' || Character.isLetterOrDigit(c) ? "" : "\\").append(c);
        }
        regex.append(']');
        return close;
    }
}
