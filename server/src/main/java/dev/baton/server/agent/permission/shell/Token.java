package dev.baton.server.agent.permission.shell;

import java.util.List;

/** A piece of a lexed shell line: a word or an operator (separators, parentheses, redirections). */
public sealed interface Token permits Token.Word, Token.Operator {
    /**
     * One shell word.
     *
     * @param text the word with its quotes removed; expansions are kept as written
     * @param literal whether the shell runs the word exactly as {@code text} says: false when it holds an
     *     expansion, a substitution, a glob or a brace list, whose value is only known when it runs
     * @param substitutions the token lists of the command substitutions ({@code $( )}, backquotes,
     *     {@code <( )}) and, for a here-document's delimiter, of those in its body: all of them run
     * @param hereDocument for a here-document's delimiter, its body once read (one element), which a
     *     shell reading its script from standard input runs; empty for any other word
     */
    record Word(String text, boolean literal, List<List<Token>> substitutions, List<String> hereDocument)
            implements Token {}

    /** {@code ;}, {@code &&}, {@code ||}, {@code |}, {@code &}, a newline ({@code \n}), {@code (}, {@code )}, or a redirection. */
    record Operator(String symbol) implements Token {
        public boolean isRedirection() {
            return symbol.startsWith("<") || symbol.startsWith(">") || symbol.startsWith("&>");
        }
    }
}
