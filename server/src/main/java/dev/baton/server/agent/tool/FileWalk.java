package dev.baton.server.agent.tool;

import dev.baton.server.agent.model.Cancellation;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Visits the files under a directory for Glob and Grep: without following symlinks (so a walk cannot
 * leave the tree it was allowed to see, even when a directory is swapped for a link while it runs:
 * each directory is opened relative to its parent with no link followed, see {@link NoFollow}),
 * skipping {@code .git} and whatever cannot be read, and stopping promptly when the call is cancelled
 * or the visitor has seen enough.
 */
final class FileWalk {
    /** Sees one file (a symlink is reported as itself, never followed); false stops the walk. */
    interface Visitor {
        boolean visit(Path file, BasicFileAttributes attributes) throws IOException;
    }

    private FileWalk() {}

    /** Walks below {@code root}, a resolved path (a {@link Target}'s). */
    static void walk(Path root, Cancellation cancellation, Visitor visitor) throws IOException, InterruptedException {
        SecureDirectoryStream<Path> directory = NoFollow.directory(root);
        if (directory == null) {
            walkByPath(root, cancellation, visitor);
        } else {
            try (directory) {
                walk(directory, cancellation, visitor);
            }
        }
        if (cancellation.isCancelled()) {
            throw new InterruptedException("cancelled");
        }
    }

    /** False when the walk is to stop. */
    private static boolean walk(SecureDirectoryStream<Path> directory, Cancellation cancellation, Visitor visitor)
            throws IOException {
        for (Path entry : directory) {
            if (cancellation.isCancelled()) {
                return false;
            }
            Path name = entry.getFileName();
            BasicFileAttributes attributes;
            try {
                attributes = directory
                        .getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes();
            } catch (IOException e) {
                continue; // unreadable: not worth failing the whole search for
            }
            if (attributes.isDirectory()) {
                if (name.toString().equals(".git")) {
                    continue;
                }
                SecureDirectoryStream<Path> child;
                try {
                    child = directory.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    continue;
                }
                try (child) {
                    if (!walk(child, cancellation, visitor)) {
                        return false;
                    }
                }
            } else if (!visitor.visit(entry, attributes)) {
                return false;
            }
        }
        return true;
    }

    /** Where the platform has no SecureDirectoryStream: a walk that does not follow links either. */
    private static void walkByPath(Path root, Cancellation cancellation, Visitor visitor) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (cancellation.isCancelled()) {
                    return FileVisitResult.TERMINATE;
                }
                boolean skipped =
                        !dir.equals(root) && dir.getFileName().toString().equals(".git");
                return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (cancellation.isCancelled()) {
                    return FileVisitResult.TERMINATE;
                }
                return visitor.visit(file, attributes) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
