package dev.baton.server.agent.tool;

import dev.baton.server.agent.model.Cancellation;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Visits the files under a directory for Glob and Grep: without following symlinks (so a walk cannot
 * leave the tree it was allowed to see), skipping {@code .git} and whatever cannot be read, and
 * stopping promptly when the call is cancelled or the visitor has seen enough.
 */
final class FileWalk {
    /** Sees one file (a symlink is reported as itself, never followed); false stops the walk. */
    interface Visitor {
        boolean visit(Path file, BasicFileAttributes attributes) throws IOException;
    }

    private FileWalk() {}

    static void walk(Path root, Cancellation cancellation, Visitor visitor) throws IOException, InterruptedException {
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
                return FileVisitResult.CONTINUE; // unreadable: not worth failing the whole search for
            }
        });
        if (cancellation.isCancelled()) {
            throw new InterruptedException("cancelled");
        }
    }
}
