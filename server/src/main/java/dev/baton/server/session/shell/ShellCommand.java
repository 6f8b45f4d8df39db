package dev.baton.server.session.shell;

import dev.baton.server.process.OwnSession;
import dev.baton.server.sandbox.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /bin/sh -c} command: stdin closed, stdout and stderr merged and captured (the first
 * {@value #OUTPUT_LIMIT} bytes), a time limit, and a stop that takes the whole process tree with it.
 */
public final class ShellCommand {
    public static final int OUTPUT_LIMIT = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ShellCommand.class);
    /** How long a stopped process may take to exit after SIGTERM before it gets SIGKILL. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    /**
     * How long to keep reading after the shell exited: background processes it left behind may hold
     * the output open indefinitely, and they must not keep the command "running".
     */
    private static final Duration OUTPUT_GRACE = Duration.ofMillis(500);

    private final Process process;
    private final Duration timeLimit;
    private final OutputCapture output = new OutputCapture(OUTPUT_LIMIT);
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private final CompletableFuture<ShellResult> result = new CompletableFuture<>();

    private ShellCommand(Process process, Duration timeLimit) {
        this.process = process;
        this.timeLimit = timeLimit;
    }

    /** Starts {@code command} in {@code directory}; {@link #result()} completes when it has ended. */
    public static ShellCommand start(String command, Path directory, Duration timeLimit) throws IOException {
        return start(command, directory, timeLimit, Sandbox.OFF);
    }

    /** Like {@link #start(String, Path, Duration)}, inside {@code sandbox} when it is enabled. */
    public static ShellCommand start(String command, Path directory, Duration timeLimit, Sandbox sandbox)
            throws IOException {
        Process process = new ProcessBuilder(
                        OwnSession.wrap(sandbox.wrap(List.of("/bin/sh", "-c", command), directory)))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        // Closed stdin: a command that reads it sees end of input instead of waiting for ever.
        process.getOutputStream().close();
        ShellCommand shell = new ShellCommand(process, timeLimit);
        Thread.ofVirtual().name("shell-" + process.pid()).start(shell::supervise);
        return shell;
    }

    public long pid() {
        return process.pid();
    }

    /** Completes (never exceptionally) once the command has ended and its output is read. */
    public CompletableFuture<ShellResult> result() {
        return result;
    }

    /**
     * Stops the command and every process it started: SIGTERM, then SIGKILL for whatever is still
     * there after a grace period. The first reason given is the one reported.
     */
    public void stop(StopReason reason) {
        if (!stopReason.compareAndSet(null, reason)) {
            return;
        }
        List<ProcessHandle> tree = terminateTree();
        Thread.ofVirtual().name("shell-" + process.pid() + "-kill").start(() -> killSurvivors(tree));
    }

    /**
     * SIGTERM to the shell first: stopping only the program it runs would let it go on to the rest of the
     * line ({@code sleep 30; rm -r build}) before its own signal came. Its descendants are listed before,
     * because once it is gone they are re-parented and no longer show as its descendants; a second pass
     * catches children they forked while the first was under way.
     */
    private List<ProcessHandle> terminateTree() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        List<ProcessHandle> late = tree.stream()
                .flatMap(ProcessHandle::descendants)
                .filter(handle -> !tree.contains(handle))
                .toList();
        late.forEach(ProcessHandle::destroy);
        tree.addAll(late);
        tree.add(process.toHandle());
        return tree;
    }

    private static void killSurvivors(List<ProcessHandle> tree) {
        try {
            CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // onExit futures do not fail
        }
    }

    private void supervise() {
        Thread reader =
                Thread.ofVirtual().name("shell-" + process.pid() + "-output").start(this::readOutput);
        try {
            if (!process.waitFor(timeLimit.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(StopReason.TIME_LIMIT);
                process.waitFor();
            }
            boolean outputEnded = reader.join(OUTPUT_GRACE);
            result.complete(new ShellResult(process.exitValue(), describe(outputEnded), stopReason.get()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(StopReason.SESSION_CLOSED);
            result.complete(new ShellResult(-1, output.text(), StopReason.SESSION_CLOSED));
        }
    }

    private void readOutput() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                output.write(buffer, n);
            }
        } catch (IOException e) {
            LOG.debug("shell {}: output closed: {}", process.pid(), e.getMessage());
        }
    }

    private String describe(boolean outputEnded) {
        StringBuilder text = new StringBuilder(output.text());
        if (!outputEnded) {
            note(text, "[stopped reading: background processes still hold the output open]");
        }
        StopReason reason = stopReason.get();
        if (reason != null) {
            note(text, reason.note(humanDuration(timeLimit)));
        }
        return text.toString();
    }

    private static void note(StringBuilder text, String note) {
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
        text.append(note);
    }

    static String humanDuration(Duration duration) {
        if (duration.toMillis() % 60_000 == 0) {
            return duration.toMinutes() + " min";
        }
        if (duration.toMillis() % 1000 == 0) {
            return duration.toSeconds() + " s";
        }
        return duration.toMillis() + " ms";
    }
}
