package dev.baton.server.agent.permission.shell;

import dev.baton.server.agent.permission.shell.Token.Word;
import java.util.List;

/**
 * One command of a line as written: its words (leading {@code VAR=value} assignments included) and its
 * redirections.
 */
public record SimpleCommand(List<Word> words, List<Redirection> redirections) {
    public SimpleCommand {
        words = List.copyOf(words);
        redirections = List.copyOf(redirections);
    }

    /** {@code 2>&1} is written as operator {@code >&} and target {@code 1}. */
    public record Redirection(String operator, Word target) {}
}
