package dev.baton.server.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the shell commands Baton runs are confined: under bubblewrap, the whole system read-only, the
 * project and {@code writable} paths writable, a private {@code /tmp}, no network, and the {@code
 * hidden} paths (secrets) unreadable: an empty tmpfs over a directory, {@code /dev/null} over a file.
 * A project that lives under {@code /tmp} keeps its surroundings there (the top directory under
 * {@code /tmp} that holds it) read-only, as they would be anywhere else, so its parent is no writable
 * tmpfs and what the project runs from beside it (a build's class path) is still there.
 *
 * @param enabled false runs commands as they are
 * @param bwrap the bubblewrap program
 */
public record Sandbox(boolean enabled, List<Path> hidden, List<Path> writable, String bwrap) {
    public static final Sandbox OFF = new Sandbox(false, List.of(), List.of(), SandboxProbe.BWRAP);

    public Sandbox {
        hidden = List.copyOf(hidden);
        writable = List.copyOf(writable);
    }

    /** {@code command} as it runs in {@code project}: unchanged when off, else behind bubblewrap. */
    public List<String> wrap(List<String> command, Path project) {
        if (!enabled) {
            return List.copyOf(command);
        }
        Path root = real(project);
        List<String> argv = new ArrayList<>(List.of(
                bwrap,
                "--ro-bind",
                "/",
                "/",
                "--dev",
                "/dev",
                "--proc",
                "/proc",
                // Before the project's bind, which may lie under /tmp and must stay visible there.
                "--tmpfs",
                "/tmp"));
        Path tmp = Path.of("/tmp");
        if (root.startsWith(tmp) && root.getNameCount() > tmp.getNameCount()) {
            String surroundings = tmp.resolve(root.getName(tmp.getNameCount())).toString();
            argv.addAll(List.of("--ro-bind", surroundings, surroundings));
        }
        argv.addAll(List.of("--bind", root.toString(), root.toString()));
        for (Path path : writable) {
            Path real = real(path);
            if (Files.isDirectory(real) || Files.isRegularFile(real)) {
                argv.addAll(List.of("--bind", real.toString(), real.toString()));
            }
        }
        // Last, so that a secret inside a writable path is still hidden.
        for (Path path : hidden) {
            Path real = real(path);
            if (Files.isDirectory(real)) {
                argv.addAll(List.of("--tmpfs", real.toString()));
            } else if (Files.exists(real)) {
                argv.addAll(List.of("--ro-bind", "/dev/null", real.toString()));
            }
        }
        argv.addAll(List.of("--unshare-net", "--die-with-parent", "--chdir", root.toString(), "--"));
        argv.addAll(command);
        return argv;
    }

    /** The path with its symlinks followed, as bubblewrap mounts it; as given when it does not exist. */
    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
