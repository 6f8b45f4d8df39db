package dev.baton.server.agent.permission.shell;

import dev.baton.server.agent.permission.shell.Token.Operator;
import dev.baton.server.agent.permission.shell.Token.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a lexed line into its simple commands, wherever they stand: between separators, in
 * subshells and groups, in the bodies of {@code if}/{@code while}/{@code for}, and inside every
 * command substitution of every word. Function definitions and {@code case} are not followed: they
 * make the line uncertain, and their commands are still listed.
 */
public final class ShellParser {
    /** Reserved words that start a compound command and are followed by a command. */
    private static final Set<String> KEYWORDS =
            Set.of("if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}");

    private final List<SimpleCommand> commands = new ArrayList<>();
    private boolean certain;

    /** The commands of a line and whether the line was read with certainty. */
    public record Parsed(List<SimpleCommand> commands, boolean certain) {}

    private ShellParser(boolean certain) {
        this.certain = certain;
    }

    public static Parsed parse(String line) {
        ShellLexer.Lexed lexed = ShellLexer.lex(line);
        ShellParser parser = new ShellParser(lexed.certain());
        parser.split(lexed.tokens());
        return new Parsed(List.copyOf(parser.commands), parser.certain);
    }

    private void split(List<Token> tokens) {
        List<Word> words = new ArrayList<>();
        List<SimpleCommand.Redirection> redirections = new ArrayList<>();
        boolean header = false; // the words of a for/select header run nothing
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token instanceof Operator operator && operator.isRedirection()) {
                if (i + 1 < tokens.size() && tokens.get(i + 1) instanceof Word target) {
                    substitutions(target);
                    redirections.add(new SimpleCommand.Redirection(operator.symbol(), target));
                    i++;
                } else {
                    certain = false;
                }
                continue;
            }
            switch (token) {
                case Operator operator -> {
                    if (operator.symbol().equals("(") && !words.isEmpty()) {
                        certain = false; // name() { ...; }: a function whose calls are not followed
                    }
                    if (!header) {
                        finish(words, redirections);
                    }
                    words = new ArrayList<>();
                    redirections = new ArrayList<>();
                    header = false;
                }
                case Word word -> {
                    substitutions(word);
                    if (header) {
                        continue;
                    }
                    if (words.isEmpty() && word.literal() && KEYWORDS.contains(word.text())) {
                        continue;
                    }
                    if (words.isEmpty()
                            && word.literal()
                            && Set.of("for", "select").contains(word.text())) {
                        header = true;
                        continue;
                    }
                    if (words.isEmpty()
                            && word.literal()
                            && Set.of("case", "function").contains(word.text())) {
                        certain = false;
                    }
                    words.add(word);
                }
            }
        }
        if (!header) {
            finish(words, redirections);
        }
    }

    private void substitutions(Word word) {
        for (List<Token> inner : word.substitutions()) {
            split(inner);
        }
    }

    private void finish(List<Word> words, List<SimpleCommand.Redirection> redirections) {
        if (!words.isEmpty() || !redirections.isEmpty()) {
            commands.add(new SimpleCommand(words, redirections));
        }
    }
}
