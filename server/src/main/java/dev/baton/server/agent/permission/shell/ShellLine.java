package dev.baton.server.agent.permission.shell;

import dev.baton.server.agent.permission.shell.Token.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a shell line runs, as far as it can be read without running it.
 *
 * @param programs every simple command, including those in substitutions and in {@code sh -c} strings
 * @param certain false when the line holds something whose effect is only known when it runs (an
 *     unclosed quote, {@code eval}, a program named by a variable...): such a line is never allowed
 *     without asking, though a deny rule matching any program listed still denies it
 */
public record ShellLine(List<Program> programs, boolean certain) {
    /** How many {@code sh -c} strings deep a line is read. */
    private static final int MAX_NESTING = 8;

    /**
     * One simple command.
     *
     * @param written the command as written, for allow rules: it must be covered as it stands
     * @param layers the programs it starts, outermost first, for deny rules: any of them may be denied
     */
    public record Program(SimpleCommand written, List<List<Word>> layers) {}

    public static ShellLine analyze(String line) {
        List<Program> programs = new ArrayList<>();
        boolean certain = read(line, 0, programs);
        return new ShellLine(List.copyOf(programs), certain);
    }

    /** What a command's redirections feed its standard input from the line itself. */
    private static List<String> standardInput(SimpleCommand command) {
        List<String> scripts = new ArrayList<>();
        for (SimpleCommand.Redirection redirection : command.redirections()) {
            Word target = redirection.target();
            if (redirection.operator().startsWith("<<<") && target.literal()) {
                scripts.add(target.text());
            } else if (redirection.operator().startsWith("<<")
                    && !redirection.operator().startsWith("<<<")) {
                scripts.addAll(target.hereDocument());
            }
        }
        return scripts;
    }

    private static boolean read(String line, int nesting, List<Program> into) {
        if (nesting > MAX_NESTING) {
            return false;
        }
        ShellParser.Parsed parsed = ShellParser.parse(line);
        boolean certain = parsed.certain();
        for (SimpleCommand command : parsed.commands()) {
            CommandUnwrapper.Unwrapped unwrapped = CommandUnwrapper.unwrap(command.words());
            certain &= unwrapped.certain();
            into.add(new Program(command, unwrapped.layers()));
            for (String script : unwrapped.scripts()) {
                certain &= read(script, nesting + 1, into);
            }
            if (unwrapped.readsScript()) {
                for (String script : standardInput(command)) {
                    certain &= read(script, nesting + 1, into);
                }
            }
        }
        return certain;
    }
}
