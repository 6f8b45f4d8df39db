package dev.baton.server.agent.permission.shell;

import dev.baton.server.agent.permission.shell.Token.Operator;
import dev.baton.server.agent.permission.shell.Token.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a POSIX {@code sh} line into words and operators with the shell's quoting rules (backslash,
 * single and double quotes, {@code $'...'}), lexing command substitutions ({@code $( )}, backquotes,
 * process substitution {@code <( )}) and the substitutions in {@code ${ }}, {@code $(( ))} and
 * unquoted here-document bodies into the words that hold them. It never fails: what it cannot read
 * with certainty (an unclosed quote or substitution, nesting too deep, {@code ;;}) clears {@link
 * Lexed#certain()}, and it goes on reading so that a deny rule can still see every command it can.
 */
public final class ShellLexer {
    /** Deeper nesting than this is not read at all: the line is then uncertain. */
    static final int MAX_DEPTH = 12;

    private static final String[] OPERATORS = {
        "&>>", "<<<", "<<-", "&&", "||", ";;", "|&", "&>", "<<", "<>", "<&", ">&", ">>", ">|", ";", "&", "|", "<", ">"
    };
    private static final String WORD_END = " \t\n;&|()<>";

    private final String source;
    private final int depth;
    private int position;
    private boolean certain = true;
    private final List<HereDocument> pending = new ArrayList<>();

    /** A lexed line. */
    public record Lexed(List<Token> tokens, boolean certain) {}

    private record HereDocument(
            String delimiter, boolean quoted, boolean stripTabs, List<List<Token>> into, List<String> body) {}

    private ShellLexer(String source, int depth) {
        this.source = source;
        this.depth = depth;
    }

    public static Lexed lex(String line) {
        ShellLexer lexer = new ShellLexer(line, 0);
        List<Token> tokens = lexer.tokens(false);
        return new Lexed(tokens, lexer.certain);
    }

    /** Lexes until the end, or with {@code nested} until the {@code )} that closes a substitution. */
    private List<Token> tokens(boolean nested) {
        List<Token> out = new ArrayList<>();
        int parentheses = 0;
        while (position < source.length()) {
            char c = source.charAt(position);
            if (c == ' ' || c == '\t') {
                position++;
            } else if (c == '\\' && next(1) == '\n') {
                position += 2;
            } else if (c == '#') {
                skipComment();
            } else if (c == '\n') {
                position++;
                out.add(new Operator("\n"));
                readHereDocuments();
            } else if (c == ')') {
                position++;
                if (nested && parentheses == 0) {
                    return out;
                }
                parentheses--;
                out.add(new Operator(")"));
            } else if (c == '(') {
                position++;
                parentheses++;
                out.add(new Operator("("));
            } else if ((c == '<' || c == '>') && next(1) == '(') {
                int start = position;
                position += 2;
                List<Token> inner = nestedTokens();
                out.add(new Word(source.substring(start, position), false, List.of(inner), List.of()));
            } else if (WORD_END.indexOf(c) >= 0) {
                operator(out);
            } else {
                out.add(word());
            }
        }
        if (nested || parentheses != 0 || !pending.isEmpty()) {
            certain = false; // an unclosed substitution, parenthesis or here-document
        }
        return out;
    }

    private void operator(List<Token> out) {
        for (String symbol : OPERATORS) {
            if (source.startsWith(symbol, position)) {
                position += symbol.length();
                out.add(new Operator(symbol));
                if (symbol.equals(";;")) {
                    certain = false; // case branches are not followed
                } else if (symbol.equals("<<") || symbol.equals("<<-")) {
                    hereDocument(symbol.equals("<<-"), out);
                }
                return;
            }
        }
        throw new IllegalStateException("no operator at " + position); // WORD_END only holds operator starts
    }

    /** Reads a here-document's delimiter now; its body is read after the next newline. */
    private void hereDocument(boolean stripTabs, List<Token> out) {
        while (position < source.length() && (source.charAt(position) == ' ' || source.charAt(position) == '\t')) {
            position++;
        }
        if (position >= source.length() || WORD_END.indexOf(source.charAt(position)) >= 0) {
            certain = false;
            return;
        }
        int start = position;
        Word delimiter = word();
        String raw = source.substring(start, position);
        boolean quoted = raw.indexOf('\'') >= 0 || raw.indexOf('"') >= 0 || raw.indexOf('\\') >= 0;
        // Filled when the body is read, after the next newline.
        List<List<Token>> into = new ArrayList<>();
        List<String> body = new ArrayList<>();
        out.add(new Word(delimiter.text(), true, into, body));
        pending.add(new HereDocument(delimiter.text(), quoted, stripTabs, into, body));
    }

    private void readHereDocuments() {
        for (HereDocument document : pending) {
            StringBuilder body = new StringBuilder();
            boolean closed = false;
            while (position < source.length()) {
                int end = source.indexOf('\n', position);
                String line = source.substring(position, end < 0 ? source.length() : end);
                position = end < 0 ? source.length() : end + 1;
                String compared = document.stripTabs() ? line.replaceFirst("^\t+", "") : line;
                if (compared.equals(document.delimiter())) {
                    closed = true;
                    break;
                }
                body.append(line).append('\n');
            }
            certain &= closed;
            document.body().add(body.toString());
            if (!document.quoted()) {
                // An unquoted delimiter leaves the body open to expansion: its substitutions run.
                document.into().addAll(substitutionsIn(body.toString()));
            }
        }
        pending.clear();
    }

    private void skipComment() {
        int end = source.indexOf('\n', position);
        position = end < 0 ? source.length() : end;
    }

    private Word word() {
        StringBuilder text = new StringBuilder();
        List<List<Token>> substitutions = new ArrayList<>();
        boolean literal = true;
        boolean brace = false;
        boolean comma = false;
        int start = position;
        while (position < source.length()) {
            char c = source.charAt(position);
            if (WORD_END.indexOf(c) >= 0) {
                break;
            }
            switch (c) {
                case '\\' -> {
                    if (position + 1 >= source.length()) {
                        position++;
                        certain = false;
                    } else {
                        if (source.charAt(position + 1) != '\n') {
                            text.append(source.charAt(position + 1));
                        }
                        position += 2;
                    }
                }
                case '\'' -> {
                    int end = source.indexOf('\'', position + 1);
                    if (end < 0) {
                        certain = false;
                        text.append(source, position + 1, source.length());
                        position = source.length();
                    } else {
                        text.append(source, position + 1, end);
                        position = end + 1;
                    }
                }
                case '"' -> literal &= doubleQuoted(text, substitutions);
                case '`' -> {
                    backquoted(substitutions);
                    literal = false;
                }
                case '$' -> literal &= dollar(text, substitutions);
                default -> {
                    literal &= c != '*' && c != '?' && c != '[';
                    brace |= c == '{';
                    comma |= c == ',';
                    text.append(c);
                    position++;
                }
            }
        }
        if (brace && comma) {
            literal = false; // bash turns {rm,-rf,x} into three words
        }
        String value = literal ? text.toString() : source.substring(start, position);
        return new Word(value, literal, substitutions, List.of());
    }

    /** Reads {@code "..."} from its opening quote; false when it holds an expansion. */
    private boolean doubleQuoted(StringBuilder text, List<List<Token>> substitutions) {
        boolean literal = true;
        position++;
        while (position < source.length()) {
            char c = source.charAt(position);
            if (c == '"') {
                position++;
                return literal;
            }
            if (c == '\\' && position + 1 < source.length() && "$`\"\\\n".indexOf(source.charAt(position + 1)) >= 0) {
                if (source.charAt(position + 1) != '\n') {
                    text.append(source.charAt(position + 1));
                }
                position += 2;
            } else if (c == '`') {
                backquoted(substitutions);
                literal = false;
            } else if (c == '$') {
                literal &= dollar(text, substitutions);
            } else {
                text.append(c);
                position++;
            }
        }
        certain = false; // no closing quote
        return false;
    }

    /** Reads what starts with {@code $}; false when it is an expansion rather than a plain dollar sign. */
    private boolean dollar(StringBuilder text, List<List<Token>> substitutions) {
        char after = next(1);
        if (after == '(' && next(2) == '(') {
            int start = position + 3;
            position = closing(start, '(', ')', 2);
            substitutions.addAll(substitutionsIn(source.substring(start, Math.max(start, position - 2))));
        } else if (after == '(') {
            position += 2;
            substitutions.add(nestedTokens());
        } else if (after == '{') {
            int start = position + 2;
            position = closing(start, '{', '}', 1);
            substitutions.addAll(substitutionsIn(source.substring(start, Math.max(start, position - 1))));
        } else if (after == '\'') {
            position = ansiQuoteEnd(position + 2); // $'\x72m' can spell any name
        } else if (Character.isLetter(after) || after == '_') {
            position += 2;
            while (position < source.length()
                    && (Character.isLetterOrDigit(source.charAt(position)) || source.charAt(position) == '_')) {
                position++;
            }
        } else if (Character.isDigit(after) || "@*#?$!-".indexOf(after) >= 0) {
            position += 2;
        } else if (after == '"') {
            position++;
            return false;
        } else {
            text.append('$');
            position++;
            return true;
        }
        return false;
    }

    /** The position after the {@code count} closers that balance an already opened {@code open}. */
    private int closing(int from, char open, char close, int count) {
        int level = count;
        int i = from;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '\'') {
                int end = source.indexOf('\'', i + 1);
                i = end < 0 ? source.length() : end + 1;
                continue;
            }
            if (c == open) {
                level++;
            } else if (c == close && --level == 0) {
                return i + 1;
            }
            i++;
        }
        certain = false;
        return source.length();
    }

    private int ansiQuoteEnd(int from) {
        int i = from;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                return i + 1;
            } else {
                i++;
            }
        }
        certain = false;
        return source.length();
    }

    /** Reads a backquoted command from its opening backquote; inside, a backslash escapes $, ` and \. */
    private void backquoted(List<List<Token>> substitutions) {
        StringBuilder inner = new StringBuilder();
        position++;
        boolean closed = false;
        while (position < source.length()) {
            char c = source.charAt(position);
            if (c == '\\' && position + 1 < source.length() && "$`\\".indexOf(source.charAt(position + 1)) >= 0) {
                inner.append(source.charAt(position + 1));
                position += 2;
            } else if (c == '`') {
                position++;
                closed = true;
                break;
            } else {
                inner.append(c);
                position++;
            }
        }
        certain &= closed;
        ShellLexer lexer = sublexer(inner.toString());
        substitutions.add(lexer.tokens(false));
        certain &= lexer.certain;
    }

    /** Lexes a {@code $( )} or {@code <( )} body in place, up to its closing parenthesis. */
    private List<Token> nestedTokens() {
        if (depth >= MAX_DEPTH) {
            certain = false;
            position = source.length();
            return List.of();
        }
        ShellLexer inner = new ShellLexer(source, depth + 1);
        inner.position = position;
        List<Token> tokens = inner.tokens(true);
        position = inner.position;
        certain &= inner.certain;
        return tokens;
    }

    /** The command substitutions in text read as a double-quoted string (a here-document body, ${ }, $(( ))). */
    private List<List<Token>> substitutionsIn(String text) {
        ShellLexer inner = sublexer(text);
        List<List<Token>> found = new ArrayList<>();
        while (inner.position < text.length()) {
            char c = text.charAt(inner.position);
            if (c == '\\') {
                inner.position += 2;
            } else if (c == '`') {
                inner.backquoted(found);
            } else if (c == '$') {
                inner.dollar(new StringBuilder(), found);
            } else {
                inner.position++;
            }
        }
        certain &= inner.certain;
        return found;
    }

    private ShellLexer sublexer(String text) {
        if (depth >= MAX_DEPTH) {
            certain = false;
            return new ShellLexer("", depth);
        }
        ShellLexer inner = new ShellLexer(text, depth + 1);
        inner.certain = true;
        return inner;
    }

    private char next(int ahead) {
        int at = position + ahead;
        return at < source.length() ? source.charAt(at) : '\0';
    }
}
