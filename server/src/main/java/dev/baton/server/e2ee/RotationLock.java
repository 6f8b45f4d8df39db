package dev.baton.server.e2ee;

import dev.baton.relay.store.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one rotation of a home's content key run at a time, across every backend sharing the home: a lock
 * on {@code keys/rotation.lock}. The operating system's lock is held per process, so threads of this
 * process also take an ordinary lock first (a second {@code FileChannel.lock} in one process throws).
 */
final class RotationLock {
    static final String FILE = "rotation.lock";
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private RotationLock() {}

    /** What runs under the lock. */
    interface Work<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} holding the lock beside {@code contentKeyFile}. */
    static <T> T holding(Path contentKeyFile, Work<T> work) throws IOException {
        IN_PROCESS.lock();
        try {
            PrivateFiles.createDirectories(contentKeyFile.getParent());
            Path lock = PrivateFiles.createFile(contentKeyFile.resolveSibling(FILE));
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
                    FileLock held = channel.lock()) {
                return work.run();
            }
        } finally {
            IN_PROCESS.unlock();
        }
    }
}
