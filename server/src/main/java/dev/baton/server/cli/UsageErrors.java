package dev.baton.server.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jline.utils.Levenshtein;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A mistyped command line gets the one line that says what is wrong (and, for a misspelt command or
 * option, what was probably meant) instead of the whole usage text, which buries the mistake.
 */
final class UsageErrors implements IParameterExceptionHandler {
    /** Edits (a letter missed, added, changed or swapped) still taken for a slip rather than another word. */
    private static final int MAX_SLIP = 2;

    @Override
    public int handleParseException(ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("baton: " + describe(failure));
        if (failure instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.isUnknownOption()
                    ? closeOptions(command, typedOption(unmatched))
                    : unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                err.println("Did you mean: " + String.join(", ", suggestions) + "?");
            }
        }
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for how to use it.");
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * picocli's "Unmatched argument at index 0" names a position, where a person typed a command; and its
     * "Unknown options: '--nme', 'x'" counts the mistyped option's value as a second unknown option.
     */
    private static String describe(ParameterException failure) {
        CommandLine command = failure.getCommandLine();
        if (failure instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            if (unmatched.isUnknownOption()) {
                return "unknown option '" + typedOption(unmatched) + "' for "
                        + command.getCommandSpec().qualifiedName();
            }
            if (!command.getSubcommands().isEmpty()) {
                return "unknown command '" + unmatched.getUnmatched().getFirst() + "' for "
                        + command.getCommandSpec().qualifiedName();
            }
        }
        return failure.getMessage();
    }

    /** The first unmatched word that reads as an option, without a value joined to it by {@code =}. */
    private static String typedOption(UnmatchedArgumentException unmatched) {
        String typed = unmatched.getUnmatched().stream()
                .filter(word -> word.startsWith("-"))
                .findFirst()
                .orElse(unmatched.getUnmatched().getFirst());
        int value = typed.indexOf('=');
        return value < 0 ? typed : typed.substring(0, value);
    }

    /**
     * The command's options a slip of the keyboard away from {@code typed}, nearest first. picocli's own
     * suggestions match only the first two letters, so they miss "--nme" for "--name".
     */
    private static List<String> closeOptions(CommandLine command, String typed) {
        return command.getCommandSpec().options().stream()
                .filter(option -> !option.hidden())
                .flatMap(option -> Arrays.stream(option.names()))
                .filter(name -> name.startsWith("--"))
                .filter(name -> Levenshtein.distance(typed, name) <= MAX_SLIP)
                .sorted(Comparator.comparingInt(name -> Levenshtein.distance(typed, name)))
                .toList();
    }
}
