package dev.baton.server.agent.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A path a tool call names, resolved the way the file system will see it: relative to the working
 * directory, normalised, and with symlinks followed as far as the path exists. Whether it is inside the
 * working directory is decided on that resolved path, so neither {@code ..} nor a symlink can smuggle
 * a call out of it unasked.
 *
 * @param path the resolved absolute path; tools read and write this one, so what was checked is what
 *     is touched
 * @param subject the path relative to the working directory ({@code .} for the directory itself, with
 *     {@code /} separators), or the absolute path when outside: what rules match and people read
 * @param inside whether {@code path} lies within the working directory
 */
public record Target(Path path, String subject, boolean inside) {
    private static final int MAX_SYMLINK_HOPS = 40;

    static Target resolve(String given, Path workingDirectory) {
        if (given.isBlank()) {
            throw new ToolInputException("the path is empty");
        }
        if (given.indexOf('\0') >= 0) {
            throw new ToolInputException("the path contains a NUL character");
        }
        Path root = real(workingDirectory.toAbsolutePath().normalize());
        Path path = real(root.resolve(given).normalize());
        boolean inside = path.startsWith(root);
        String subject = inside ? relative(root, path) : path.toString();
        return new Target(path, subject, inside);
    }

    /**
     * Access for a call that only reads: free inside the working directory, asked for outside it.
     *
     * @param action how the prompt starts, before the path: {@code Read}, {@code Grep "TODO" in}
     */
    Access readAccess(String action) {
        return inside ? new Access.Free() : new Access.NeedsPermission(action + " " + subject, subject);
    }

    /**
     * The path with every symlink in its existing part followed: the real path of the deepest ancestor
     * that exists, plus the names below it that do not exist yet (a file about to be written). A
     * dangling symlink is followed to where it points, since writing through it creates the file there.
     */
    private static Path real(Path absolute) {
        Path path = absolute;
        for (int hops = 0; hops < MAX_SYMLINK_HOPS; hops++) {
            Path existing = path;
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return path;
            }
            Path rest = existing.relativize(path);
            try {
                return existing.toRealPath().resolve(rest).normalize();
            } catch (IOException e) {
                if (!Files.isSymbolicLink(existing)) {
                    return path; // unreadable: judge the path as written
                }
                path = dangling(existing).resolve(rest).normalize();
            }
        }
        throw new ToolInputException("too many levels of symbolic links in " + absolute);
    }

    private static Path dangling(Path link) {
        try {
            return link.resolveSibling(Files.readSymbolicLink(link)).normalize();
        } catch (IOException e) {
            throw new ToolInputException("cannot follow the symbolic link " + link + ": " + e.getMessage());
        }
    }

    private static String relative(Path root, Path path) {
        String relative = root.relativize(path).toString().replace('\\', '/');
        return relative.isEmpty() ? "." : relative;
    }
}
