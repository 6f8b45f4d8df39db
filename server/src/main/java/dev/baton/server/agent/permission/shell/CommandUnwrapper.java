package dev.baton.server.agent.permission.shell;

import dev.baton.server.agent.permission.shell.Token.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the programs a simple command runs: past leading {@code VAR=value} assignments, through
 * wrappers that run their arguments as a command ({@code env}, {@code sudo}, {@code nohup}, {@code
 * time}, {@code nice}, {@code timeout}, {@code xargs}, {@code command}, {@code exec}, {@code find
 * -exec}...), and into the command strings of {@code sh -c}, {@code bash -c}, {@code su -c}, {@code
 * eval}, {@code trap} and {@code watch}, which are handed back to be read as shell lines of their own.
 * A wrapper's options are read from a table of those that take an argument; an option it does not
 * know is taken for a flag.
 */
public final class CommandUnwrapper {
    /** Per wrapper: short options taking an argument, long ones taking one, and positional arguments before the command. */
    private record Wrapper(
            String shortWithArgument, Set<String> longWithArgument, int positionals, boolean assignments) {}

    private static final Map<String, Wrapper> WRAPPERS = Map.ofEntries(
            Map.entry("env", new Wrapper("uCS", Set.of("--unset", "--chdir", "--split-string"), 0, true)),
            Map.entry(
                    "sudo",
                    new Wrapper(
                            "ugphCUrtTDR",
                            Set.of(
                                    "--user",
                                    "--group",
                                    "--host",
                                    "--prompt",
                                    "--close-from",
                                    "--other-user",
                                    "--role",
                                    "--type",
                                    "--command-timeout",
                                    "--chdir",
                                    "--chroot"),
                            0,
                            true)),
            Map.entry("doas", new Wrapper("uC", Set.of(), 0, false)),
            Map.entry("nohup", new Wrapper("", Set.of(), 0, false)),
            Map.entry("busybox", new Wrapper("", Set.of(), 0, false)),
            Map.entry("setsid", new Wrapper("", Set.of(), 0, false)),
            Map.entry("time", new Wrapper("fo", Set.of("--format", "--output"), 0, false)),
            Map.entry("nice", new Wrapper("n", Set.of("--adjustment"), 0, false)),
            Map.entry("ionice", new Wrapper("cnp", Set.of("--class", "--classdata", "--pid"), 0, false)),
            Map.entry("timeout", new Wrapper("sk", Set.of("--signal", "--kill-after"), 1, false)),
            Map.entry("stdbuf", new Wrapper("ioe", Set.of("--input", "--output", "--error"), 0, false)),
            Map.entry(
                    "xargs",
                    new Wrapper(
                            "adEILnPs",
                            Set.of(
                                    "--arg-file",
                                    "--delimiter",
                                    "--eof",
                                    "--replace",
                                    "--max-lines",
                                    "--max-args",
                                    "--max-procs",
                                    "--max-chars",
                                    "--process-slot-var"),
                            0,
                            false)),
            Map.entry("command", new Wrapper("", Set.of(), 0, false)),
            Map.entry("builtin", new Wrapper("", Set.of(), 0, false)),
            Map.entry("exec", new Wrapper("a", Set.of(), 0, false)));

    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "mksh", "ash");
    /** Builtins that run text the line does not show as a command, or change what a name means. */
    private static final Set<String> OPAQUE = Set.of("eval", "source", ".", "alias", "enable", "hash", "fc");

    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\+?=.*", Pattern.DOTALL);

    /**
     * What one simple command runs.
     *
     * @param layers each program it starts, outermost first, as the words from the program's name on
     *     ({@code sudo env X=1 rm -rf a} gives {@code sudo ...}, {@code env ...} and {@code rm -rf a})
     * @param scripts command strings it runs through a shell, to be read as lines of their own
     * @param certain false when a program's name is not known before the command runs
     * @param readsScript whether a shell among its programs reads its script from standard input
     *     ({@code bash <<EOF}, {@code sh <<< 'cmd'}), so that what the line feeds it runs too
     */
    public record Unwrapped(List<List<Word>> layers, List<String> scripts, boolean certain, boolean readsScript) {}

    private final List<List<Word>> layers = new ArrayList<>();
    private final List<String> scripts = new ArrayList<>();
    private boolean certain = true;
    private boolean readsScript;

    private CommandUnwrapper() {}

    public static Unwrapped unwrap(List<Word> words) {
        CommandUnwrapper unwrapper = new CommandUnwrapper();
        unwrapper.program(words, 0);
        return new Unwrapped(
                List.copyOf(unwrapper.layers),
                List.copyOf(unwrapper.scripts),
                unwrapper.certain,
                unwrapper.readsScript);
    }

    /** The name a path runs: {@code /bin/rm} and {@code ./rm} both run an {@code rm}. */
    public static String baseName(String program) {
        return program.substring(program.lastIndexOf('/') + 1);
    }

    private void program(List<Word> words, int from) {
        int start = from;
        while (start < words.size() && isAssignment(words.get(start))) {
            start++;
        }
        if (start >= words.size()) {
            return;
        }
        Word name = words.get(start);
        if (!name.literal()) {
            certain = false; // $X, $(...), globs: the program is only known when the line runs
            return;
        }
        List<Word> layer = words.subList(start, words.size());
        layers.add(layer);
        String program = baseName(name.text());
        Wrapper wrapper = WRAPPERS.get(program);
        if (OPAQUE.contains(program)) {
            certain = false;
            if (program.equals("eval")) {
                script(layer.subList(1, layer.size()));
            }
        } else if (program.equals("command") && hasFlag(layer, "v", "V")) {
            return; // command -v only looks the name up
        } else if (wrapper != null) {
            inner(layer, wrapper);
        } else if (SHELLS.contains(program)) {
            shell(layer);
        } else if (program.equals("su")) {
            optionArgument(layer, "-c", "--command").ifPresent(this::scriptWord);
        } else if (program.equals("trap") && layer.size() > 1) {
            scriptWord(layer.get(1));
        } else if (program.equals("watch")) {
            watch(layer);
        } else if (program.equals("find")) {
            find(layer);
        }
    }

    private void inner(List<Word> layer, Wrapper wrapper) {
        int i = 1;
        int positionals = wrapper.positionals();
        while (i < layer.size()) {
            String text = layer.get(i).text();
            if (text.equals("--")) {
                i++;
                break;
            }
            if (text.startsWith("--")) {
                boolean takesNext =
                        !text.contains("=") && wrapper.longWithArgument().contains(text);
                if (text.startsWith("--split-string")) {
                    splitString(layer, i, text.contains("=") ? text.substring(text.indexOf('=') + 1) : "");
                    return;
                }
                i += takesNext ? 2 : 1;
            } else if (text.startsWith("-") && text.length() > 1) {
                int option = firstWithArgument(text, wrapper.shortWithArgument());
                if (option > 0
                        && text.charAt(option) == 'S'
                        && baseName(layer.getFirst().text()).equals("env")) {
                    splitString(layer, i, text.substring(option + 1));
                    return;
                }
                i += option > 0 && option == text.length() - 1 ? 2 : 1;
            } else if (wrapper.assignments() && isAssignment(layer.get(i))) {
                i++;
            } else if (positionals > 0) {
                positionals--;
                i++;
            } else {
                break;
            }
        }
        program(layer, i);
    }

    /** {@code env -S 'rm -rf x'} splits its argument into a command: read it as a line (approximately, so never allowed unasked). */
    private void splitString(List<Word> layer, int at, String attached) {
        certain = false;
        int rest = at + 1;
        String value = attached;
        if (value.isEmpty()) {
            if (rest >= layer.size() || !layer.get(rest).literal()) {
                return;
            }
            value = layer.get(rest++).text();
        }
        List<Word> tail = layer.subList(rest, layer.size());
        scripts.add(tail.isEmpty() ? value : value + " " + join(tail));
    }

    /** The index of the first option letter in a cluster that takes an argument, or -1. */
    private static int firstWithArgument(String cluster, String letters) {
        for (int i = 1; i < cluster.length(); i++) {
            if (letters.indexOf(cluster.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** {@code sh -c 'string'} (also {@code -ec}, {@code -lc}...): the string is a line of its own. */
    private void shell(List<Word> layer) {
        for (int i = 1; i < layer.size(); i++) {
            String text = layer.get(i).text();
            if (text.equals("-o")
                    || text.equals("+o")
                    || text.equals("-O")
                    || text.equals("--rcfile")
                    || text.equals("--init-file")) {
                i++;
            } else if (text.startsWith("-") && !text.startsWith("--") && text.indexOf('c') > 0) {
                if (i + 1 < layer.size()) {
                    scriptWord(layer.get(i + 1));
                } else {
                    certain = false;
                }
                return;
            } else if (!text.startsWith("-") && !text.startsWith("+")) {
                return; // a script file: what it runs is not on the line
            }
        }
        readsScript = true; // no -c and no file: the script comes from standard input
    }

    private void watch(List<Word> layer) {
        int i = 1;
        while (i < layer.size() && layer.get(i).text().startsWith("-")) {
            String text = layer.get(i).text();
            i += text.equals("-n") || text.equals("--interval") ? 2 : 1;
        }
        script(layer.subList(i, layer.size()));
    }

    private void find(List<Word> layer) {
        for (int i = 1; i < layer.size(); i++) {
            if (Set.of("-exec", "-execdir", "-ok", "-okdir")
                    .contains(layer.get(i).text())) {
                int end = i + 1;
                while (end < layer.size()
                        && !Set.of(";", "+").contains(layer.get(end).text())) {
                    end++;
                }
                program(layer.subList(i + 1, end), 0);
                i = end;
            }
        }
    }

    private void script(List<Word> words) {
        if (words.stream().allMatch(Word::literal)) {
            scripts.add(join(words));
        } else {
            certain = false;
        }
    }

    private void scriptWord(Word word) {
        if (word.literal()) {
            scripts.add(word.text());
        } else {
            certain = false;
        }
    }

    private static Optional<Word> optionArgument(List<Word> layer, String... names) {
        for (int i = 1; i + 1 < layer.size(); i++) {
            if (Set.of(names).contains(layer.get(i).text())) {
                return Optional.of(layer.get(i + 1));
            }
        }
        return Optional.empty();
    }

    private static boolean hasFlag(List<Word> layer, String... letters) {
        for (int i = 1; i < layer.size() && layer.get(i).text().startsWith("-"); i++) {
            for (String letter : letters) {
                if (layer.get(i).text().contains(letter)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String join(List<Word> words) {
        return String.join(" ", words.stream().map(Word::text).toList());
    }

    static boolean isAssignment(Word word) {
        return ASSIGNMENT.matcher(word.text()).matches() && !word.text().startsWith("=");
    }
}
