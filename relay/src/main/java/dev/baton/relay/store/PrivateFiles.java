package dev.baton.relay.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Owner-only files and folders for what Baton keeps at rest (session logs, the relay store, account
 * tokens, trust records), whatever the process's umask. Permissions are set explicitly after creation:
 * the attributes given at creation are only an upper bound that the umask narrows further. On a file
 * system without POSIX permissions these are plain creations.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Creates {@code directory} and its missing parents; each one created here is 0700. */
    public static Path createDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        List<Path> missing = new ArrayList<>();
        for (Path at = absolute; at != null && !Files.exists(at); at = at.getParent()) {
            missing.addFirst(at);
        }
        for (Path created : missing) {
            try {
                Files.createDirectory(created, ownerOnly(created.getParent(), DIRECTORY));
            } catch (FileAlreadyExistsException raced) {
                continue; // another process made it: its permissions are its own business
            }
            restrict(created, DIRECTORY);
        }
        return directory;
    }

    /** Creates {@code file} 0600 if it does not exist yet; an existing file is left as it is. */
    public static Path createFile(Path file) throws IOException {
        try {
            Files.createFile(file, ownerOnly(file.toAbsolutePath().getParent(), FILE));
        } catch (FileAlreadyExistsException exists) {
            return file;
        }
        restrict(file, FILE);
        return file;
    }

    /**
     * Replaces {@code file}'s content whole or not at all, owner-only. The bytes go to a temporary file beside
     * it, 0600 before the first byte, and are forced to the disk before that file is renamed over {@code
     * file}: a rename that reaches the disk ahead of the data would otherwise leave an empty file after a
     * power loss. Readers see the old content or the new, never part. A file system that cannot rename
     * atomically gets a plain replacing move, the best it offers. On failure {@code file} is untouched and
     * the temporary file is gone.
     */
    public static void replace(Path file, byte[] content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp");
        try {
            fill(temporary, content);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        forceEntries(directory);
    }

    /**
     * Creates {@code file} holding {@code content} whole, owner-only, unless it exists already: then it is left
     * as it is and the answer is false. The content is on disk before the name appears (a hard link to a
     * forced temporary file), so neither a power loss nor a concurrent reader finds it empty or partial.
     */
    public static boolean createWhole(Path file, byte[] content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp");
        try {
            fill(temporary, content);
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException exists) {
            return false;
        } finally {
            Files.deleteIfExists(temporary);
        }
        forceEntries(directory);
        return true;
    }

    /** Writes {@code content} into the empty {@code temporary}, narrowed to 0600 first, and forces it to disk. */
    private static void fill(Path temporary, byte[] content) throws IOException {
        restrict(temporary, FILE);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer remaining = ByteBuffer.wrap(content);
            while (remaining.hasRemaining()) {
                channel.write(remaining);
            }
            channel.force(true);
        }
    }

    /**
     * Makes the new name itself durable: until the directory is forced, a power loss can bring back the old
     * content (or no file) even though the call returned. These files are small and rarely written (tokens,
     * keys, trust decisions), so one more flush is cheap next to losing, say, a rotated key that devices
     * already hold. Only some platforms can open a directory as a channel (Linux can, Windows cannot); where
     * one cannot, whatever a power loss leaves is still whole, only perhaps older, so the refusal is ignored.
     */
    private static void forceEntries(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException refused) {
            // whole either way, see above
        }
    }

    /**
     * Narrows {@code root} itself and each of {@code entries} in it (whole trees for folders) to 0700
     * for folders and 0600 for files when group or others have any access, and tells {@code notice}
     * once how many it changed. Only the named entries: the folder may be one the user chose, holding
     * things that are not Baton's. Symbolic links are not followed.
     */
    public static void tighten(Path root, List<String> entries, Consumer<String> notice) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) || !posix(root)) {
            return;
        }
        int tightened = narrow(root) ? 1 : 0;
        for (String entry : entries) {
            Path top = root.resolve(entry);
            if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(top)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    tightened += narrow(path) ? 1 : 0;
                }
            }
        }
        if (tightened > 0) {
            notice.accept("made " + tightened + (tightened == 1 ? " file or folder" : " files and folders") + " under "
                    + root + " private to you (others could read them)");
        }
    }

    private static boolean narrow(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return false;
        }
        Set<PosixFilePermission> wanted = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE;
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (wanted.containsAll(now)) {
            return false;
        }
        Files.setPosixFilePermissions(path, wanted);
        return true;
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (posix(path)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    /**
     * Owner-only from the moment it exists, where the file system has POSIX permissions: the umask can only
     * narrow that, so no reader ever finds the new entry open, even before {@link #restrict} runs.
     */
    private static FileAttribute<?>[] ownerOnly(Path parent, Set<PosixFilePermission> permissions) {
        return parent != null && posix(parent)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
