package dev.baton.server.testing;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Ends what a test started and returns only once it is gone. Killing is asynchronous: a baton still flushing its
 * files while JUnit deletes the test's temporary directory makes that deletion, and so the test, fail.
 */
public final class ProcessTrees {
    /** Long enough for a baton to run its shutdown on a loaded 2-core machine. */
    private static final Duration GRACE = Duration.ofSeconds(20);

    private ProcessTrees() {}

    /** {@code root} and every process below it, as the tree is now. */
    public static List<ProcessHandle> of(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants()).toList();
    }

    /** Kills each process with everything it started, and waits until all of them have exited. */
    public static void kill(Collection<Process> processes) {
        List<ProcessHandle> all = processes.stream()
                .map(Process::toHandle)
                .flatMap(root -> of(root).stream())
                .toList();
        all.forEach(ProcessHandle::destroyForcibly);
        awaitExit(all);
    }

    /** Waits for each process to exit by itself, killing any that is still running after a grace period. */
    public static void awaitExit(List<ProcessHandle> processes) {
        for (ProcessHandle process : processes) {
            if (!exited(process, GRACE)) {
                process.destroyForcibly();
                if (!exited(process, GRACE)) {
                    throw new AssertionError("process " + process.pid() + " survived SIGKILL");
                }
            }
        }
    }

    private static boolean exited(ProcessHandle process, Duration within) {
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (ExecutionException e) {
            throw new AssertionError("cannot wait for process " + process.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
