package dev.baton.server.agent.tool;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Opens a {@link Target}'s resolved path, the one that was checked, and nothing else: directory by
 * directory from {@code /}, each opened relative to the one before with no symbolic link followed
 * ({@code openat} with {@code O_NOFOLLOW}, through {@link SecureDirectoryStream}). A resolved path has
 * no symlink in it, so one that appears there after the check (a file or directory swapped for a link
 * to {@code ~/.ssh}) makes the open fail instead of being followed: there is no window between the
 * check and the act. Where the platform has no {@code SecureDirectoryStream}, the file is opened with
 * {@code NOFOLLOW_LINKS} and its real path compared with the checked one after opening.
 */
final class NoFollow {
    private NoFollow() {}

    /** Opens the file at a resolved path; {@code options} as for {@link Files#newByteChannel}. */
    static SeekableByteChannel open(Path resolved, OpenOption... options) throws IOException {
        Set<OpenOption> all = new HashSet<>(Set.of(options));
        all.add(LinkOption.NOFOLLOW_LINKS);
        try (SecureDirectoryStream<Path> parent = parentOf(resolved)) {
            if (parent == null) {
                return fallbackOpen(resolved, all);
            }
            return parent.newByteChannel(resolved.getFileName(), all);
        } catch (FileSystemException e) {
            throw swapped(resolved, e);
        }
    }

    /** The attributes of the entry at a resolved path itself (a symlink is reported as a symlink). */
    static BasicFileAttributes attributes(Path resolved) throws IOException {
        if (resolved.getFileName() == null) {
            return Files.readAttributes(resolved, BasicFileAttributes.class);
        }
        try (SecureDirectoryStream<Path> parent = parentOf(resolved)) {
            if (parent == null) {
                return Files.readAttributes(resolved, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
            return parent.getFileAttributeView(
                            resolved.getFileName(), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        }
    }

    /** Like {@link #attributes}, empty when nothing is there. */
    static Optional<BasicFileAttributes> find(Path resolved) throws IOException {
        try {
            return Optional.of(attributes(resolved));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Opens the directory at a resolved path for listing and walking; null without SecureDirectoryStream. */
    static SecureDirectoryStream<Path> directory(Path resolved) throws IOException {
        if (resolved.getFileName() == null) {
            return secure(Files.newDirectoryStream(resolved));
        }
        try (SecureDirectoryStream<Path> parent = parentOf(resolved)) {
            return parent == null ? null : parent.newDirectoryStream(resolved.getFileName(), LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException e) {
            throw swapped(resolved, e);
        }
    }

    private static SecureDirectoryStream<Path> parentOf(Path resolved) throws IOException {
        Path root = resolved.getRoot();
        SecureDirectoryStream<Path> current = secure(Files.newDirectoryStream(root));
        if (current == null) {
            return null;
        }
        Path parent = resolved.getParent();
        for (int i = 0; parent != null && i < parent.getNameCount(); i++) {
            try (SecureDirectoryStream<Path> above = current) {
                current = above.newDirectoryStream(parent.getName(i), LinkOption.NOFOLLOW_LINKS);
            }
        }
        return current;
    }

    private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream) throws IOException {
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        return null;
    }

    private static SeekableByteChannel fallbackOpen(Path resolved, Set<OpenOption> options) throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(resolved, options);
        if (!resolved.toRealPath().equals(resolved)) {
            channel.close();
            throw new IOException("a symbolic link appeared in " + resolved + " after it was checked");
        }
        return channel;
    }

    /** A symlink where the checked path had none reads as ELOOP or ENOTDIR: say what happened. */
    private static IOException swapped(Path resolved, FileSystemException e) {
        for (Path at = resolved; at != null; at = at.getParent()) {
            if (Files.isSymbolicLink(at)) {
                return new IOException(
                        at + " became a symbolic link after the path was checked; nothing was done through it", e);
            }
        }
        return e;
    }
}
