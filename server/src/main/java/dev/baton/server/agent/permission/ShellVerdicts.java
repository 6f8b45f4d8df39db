package dev.baton.server.agent.permission;

import dev.baton.server.agent.permission.shell.ShellLine;
import dev.baton.server.agent.permission.shell.SimpleCommand;
import dev.baton.server.agent.permission.shell.Token.Word;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What Shell rules say about a command line. A deny rule denies the line when it covers any program
 * the line runs, wherever it stands (after {@code ;}, in {@code $( )}, behind {@code sudo}, in {@code
 * sh -c '...'}, under any path). An allow rule set allows the line only when the line is read with
 * certainty and every command in it, as written, is covered by an allow rule and redirects nothing
 * but to {@code /dev/null} or another descriptor; or when an allow rule spells out the whole line.
 */
final class ShellVerdicts {
    private static final Set<String> INPUT_FROM_LINE = Set.of("<<", "<<-", "<<<");

    private ShellVerdicts() {}

    static Optional<PermissionRule> denying(List<PermissionRule> deny, String commandLine) {
        ShellLine line = ShellLine.analyze(commandLine);
        for (PermissionRule rule : deny) {
            if (rule.pattern() == null) {
                return Optional.of(rule);
            }
            ShellPattern pattern = ShellPattern.of(rule.pattern());
            if (pattern.isLine(commandLine)) {
                return Optional.of(rule);
            }
            for (ShellLine.Program program : line.programs()) {
                if (program.layers().stream().anyMatch(layer -> pattern.covers(layer, true))) {
                    return Optional.of(rule);
                }
            }
        }
        return Optional.empty();
    }

    /** The first allow rule when the rules together allow the whole line, else empty. */
    static Optional<PermissionRule> allowing(List<PermissionRule> allow, String commandLine) {
        for (PermissionRule rule : allow) {
            if (rule.pattern() == null || ShellPattern.of(rule.pattern()).isLine(commandLine)) {
                return Optional.of(rule);
            }
        }
        ShellLine line = ShellLine.analyze(commandLine);
        if (!line.certain() || line.programs().isEmpty()) {
            return Optional.empty();
        }
        PermissionRule first = null;
        for (ShellLine.Program program : line.programs()) {
            Optional<PermissionRule> covering = covering(allow, program.written());
            if (covering.isEmpty()) {
                return Optional.empty();
            }
            first = first == null ? covering.get() : first;
        }
        return Optional.of(first);
    }

    private static Optional<PermissionRule> covering(List<PermissionRule> allow, SimpleCommand command) {
        if (!command.redirections().stream().allMatch(ShellVerdicts::harmless)) {
            return Optional.empty();
        }
        return allow.stream()
                .filter(rule -> ShellPattern.of(rule.pattern()).covers(command.words(), false))
                .findFirst();
    }

    /** Redirections that write no file: to /dev/null, between descriptors, or input given on the line. */
    private static boolean harmless(SimpleCommand.Redirection redirection) {
        Word target = redirection.target();
        if (INPUT_FROM_LINE.contains(redirection.operator())) {
            return true;
        }
        if (!target.literal()) {
            return false;
        }
        boolean duplicate =
                (redirection.operator().equals(">&") || redirection.operator().equals("<&"))
                        && target.text().matches("[0-9]+|-");
        return duplicate || target.text().equals("/dev/null");
    }
}
