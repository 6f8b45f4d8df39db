package dev.baton.server.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jline.utils.Levenshtein;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
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
        err.println("baton: " + describe(failure, args));
        if (failure instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unknownOption(unmatched, args)
                    .map(typed -> closeOptions(command, typed))
                    .orElseGet(() -> unmatched.getUnmatched().isEmpty()
                            ? List.of()
                            : closeCommands(command, unmatched.getUnmatched().getFirst()));
            if (!suggestions.isEmpty()) {
                err.println("Did you mean: " + String.join(", ", suggestions) + "?");
            }
        }
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for how to use it.");
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * picocli's own messages, said the way ours are: lowercase, naming the command, and in the words a
     * person typed. Its "Unmatched argument at index 0" names a position, where a person typed a command;
     * its "Unknown options: '--nme', 'x'" counts the mistyped option's value as a second unknown option.
     */
    private static String describe(ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        if (failure instanceof UnmatchedArgumentException unmatched) {
            Optional<String> unknown = unknownOption(unmatched, args);
            if (unknown.isPresent()) {
                return "unknown option '" + unknown.get() + "' for " + name;
            }
            if (unmatched.getUnmatched().isEmpty()) {
                return failure.getMessage();
            }
            if (!command.getSubcommands().isEmpty()) {
                return "unknown command '" + unmatched.getUnmatched().getFirst() + "' for " + name;
            }
            return (unmatched.getUnmatched().size() == 1 ? "unexpected argument " : "unexpected arguments ")
                    + quoted(unmatched.getUnmatched()) + " for " + name;
        }
        if (failure instanceof MissingParameterException missing) {
            return missing(missing.getMissing(), args, name);
        }
        if (failure.getCause() instanceof TypeConversionException reason && failure.getArgSpec() != null) {
            return "invalid value for " + named(failure.getArgSpec()) + " of " + name + ": " + reason.getMessage();
        }
        return failure.getMessage();
    }

    /**
     * An option typed without its value, or required options or arguments left out: picocli's exception
     * is the same for both, and only the words typed tell them apart.
     */
    private static String missing(List<ArgSpec> missing, String[] args, String command) {
        if (missing.size() == 1 && missing.getFirst() instanceof OptionSpec option && typed(option, args)) {
            return "option '" + option.longestName() + "' of " + command + " needs a value (" + option.paramLabel()
                    + ")";
        }
        boolean options = missing.stream().allMatch(ArgSpec::isOption);
        List<String> names = missing.stream()
                .map(spec -> spec instanceof OptionSpec option
                        ? option.longestName() + "=" + option.paramLabel()
                        : spec.paramLabel())
                .toList();
        return "missing " + (options ? "option" : "argument") + (names.size() == 1 ? " " : "s ") + quoted(names)
                + " for " + command;
    }

    private static boolean typed(OptionSpec option, String[] args) {
        List<String> names = List.of(option.names());
        return Arrays.stream(args).anyMatch(names::contains);
    }

    /** "option '--port'", or "argument 'NAME'" for a positional one. */
    private static String named(ArgSpec spec) {
        return spec instanceof OptionSpec option
                ? "option '" + option.longestName() + "'"
                : "argument '" + spec.paramLabel() + "'";
    }

    private static String quoted(List<String> words) {
        return words.stream().map(word -> "'" + word + "'").collect(Collectors.joining(", "));
    }

    /**
     * The mistyped option, as typed but without a value joined to it by {@code =}: the first unmatched word
     * that reads as one, or, when picocli refused it as the value of the option before it (and names no
     * unmatched word), the first word typed after the command's name that reads as an option the command
     * does not have (the words before it belong to the commands above).
     */
    private static Optional<String> unknownOption(UnmatchedArgumentException unmatched, String[] args) {
        if (!unmatched.getUnmatched().isEmpty()) {
            if (!unmatched.isUnknownOption()) {
                return Optional.empty();
            }
            return Optional.of(withoutValue(unmatched.getUnmatched().stream()
                    .filter(word -> word.startsWith("-"))
                    .findFirst()
                    .orElse(unmatched.getUnmatched().getFirst())));
        }
        CommandSpec spec = unmatched.getCommandLine().getCommandSpec();
        int own = spec.parent() == null ? 0 : Arrays.asList(args).lastIndexOf(spec.name()) + 1;
        return Arrays.stream(args)
                .skip(own)
                .takeWhile(word -> !word.equals("--"))
                .filter(word -> word.startsWith("-"))
                .map(UsageErrors::withoutValue)
                .filter(word -> spec.findOption(word) == null)
                .findFirst();
    }

    private static String withoutValue(String option) {
        int value = option.indexOf('=');
        return value < 0 ? option : option.substring(0, value);
    }

    /**
     * The subcommands a slip of the keyboard away from {@code typed}, or that it begins, nearest first.
     * picocli's own suggestions share letter pairs, so they offered "create" for "revoke" and "trust" for
     * "stat".
     */
    private static List<String> closeCommands(CommandLine command, String typed) {
        return command.getSubcommands().entrySet().stream()
                .filter(entry ->
                        !entry.getValue().getCommandSpec().usageMessage().hidden())
                .map(Map.Entry::getKey)
                .filter(name -> name.startsWith(typed) || Levenshtein.distance(typed, name) <= MAX_SLIP)
                .sorted(Comparator.comparingInt(name -> Levenshtein.distance(typed, name)))
                .toList();
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
