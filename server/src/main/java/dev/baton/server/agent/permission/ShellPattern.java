package dev.baton.server.agent.permission;

import dev.baton.server.agent.permission.shell.CommandUnwrapper;
import dev.baton.server.agent.permission.shell.ShellParser;
import dev.baton.server.agent.permission.shell.SimpleCommand;
import dev.baton.server.agent.permission.shell.Token.Word;
import java.util.List;

/**
 * The pattern of a {@code Shell(...)} rule, read as shell words: {@code Shell(npm test:*)} is the words
 * {@code npm test} and any arguments after them, {@code Shell(git status)} exactly those words. A
 * pattern that is not one plain command ({@code make && make install}, one with {@code $X}) can only
 * match a line written exactly like it.
 *
 * @param words the words a command must start with (or be, without {@code :*}); empty for a line pattern
 * @param line the whole pattern, compared with the whole line
 */
record ShellPattern(List<String> words, boolean prefix, String line) {
    private static final String PREFIX_MARK = ":*";

    static ShellPattern of(String pattern) {
        boolean prefix = pattern.endsWith(PREFIX_MARK);
        String body = (prefix ? pattern.substring(0, pattern.length() - PREFIX_MARK.length()) : pattern).strip();
        ShellParser.Parsed parsed = ShellParser.parse(body);
        if (parsed.certain() && parsed.commands().size() == 1) {
            SimpleCommand command = parsed.commands().getFirst();
            if (command.redirections().isEmpty() && command.words().stream().allMatch(Word::literal)) {
                return new ShellPattern(command.words().stream().map(Word::text).toList(), prefix, body);
            }
        }
        return new ShellPattern(List.of(), prefix, body);
    }

    /** Whether the whole line is the one this pattern spells out. */
    boolean isLine(String commandLine) {
        return line.equals(commandLine.strip());
    }

    /**
     * Whether a program's words are covered. With {@code byName} a pattern naming no directory matches
     * the program under any path ({@code Shell(rm:*)} covers {@code /bin/rm}), as a deny rule must;
     * an allow rule compares the name as written, since {@code ./npm} is not the {@code npm} allowed.
     */
    boolean covers(List<Word> program, boolean byName) {
        if (words.isEmpty()) {
            return prefix && line.isEmpty(); // Shell(:*): any one command
        }
        if (prefix ? program.size() < words.size() : program.size() != words.size()) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            Word word = program.get(i);
            if (!word.literal()) {
                return false;
            }
            String have = word.text();
            if (i == 0 && byName && words.getFirst().indexOf('/') < 0) {
                have = CommandUnwrapper.baseName(have);
            }
            if (!have.equals(words.get(i))) {
                return false;
            }
        }
        return true;
    }
}
