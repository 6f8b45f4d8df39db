package dev.baton.server.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts a command in a session (and process group) of its own, with util-linux's {@code setsid}. A terminal
 * sends Ctrl-C's SIGINT to its whole foreground process group: a shell command or an MCP server left in
 * baton's group would die of it behind the session's back, before baton could interrupt the turn and stop
 * the command itself (and baton would then take the key for one pressed at an idle prompt). Detached from
 * the terminal, a command also cannot read or write it directly ({@code /dev/tty}), which an agent's command
 * must not do anyway. Where {@code setsid} is missing (macOS), commands start as they are, and so does a
 * command that cannot be found: its failure is then Java's own ("cannot run …: No such file or directory")
 * rather than setsid's exit status 127.
 *
 * <p>{@code setsid} forks only when it is a process group leader, and a process the JVM starts never is, so
 * the process Java holds is the command itself: its pid, exit status and descendants are the command's.
 */
public final class OwnSession {
    private static final String PATH = System.getenv("PATH");
    private static final Optional<Path> SETSID = find("setsid", PATH);

    private OwnSession() {}

    /** {@code command} behind {@code setsid} when there is one. */
    public static List<String> wrap(List<String> command) {
        if (SETSID.isEmpty() || !runnable(command.getFirst())) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(command.size() + 1);
        wrapped.add(SETSID.get().toString());
        wrapped.addAll(command);
        return wrapped;
    }

    /** Whether {@code program} names an executable file, as a path or on the PATH. */
    private static boolean runnable(String program) {
        if (program.contains("/")) {
            Path file = Path.of(program);
            return !file.isAbsolute() || Files.isExecutable(file); // relative: to the child's directory
        }
        return find(program, PATH).isPresent();
    }

    /** The first executable {@code name} in the directories of {@code path}, or in those Linux keeps it in. */
    static Optional<Path> find(String name, String path) {
        return Stream.concat(
                        Stream.of(Objects.requireNonNullElse(path, "").split(File.pathSeparator)),
                        Stream.of("/usr/bin", "/bin"))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
