package dev.baton.server.agent.mcp;

import dev.baton.server.process.OwnSession;
import dev.baton.server.sandbox.Sandbox;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The SDK's stdio transport with what a session needs on top: the server runs in the session's
 * directory with only the variables it is given ({@link McpEnvironment}), its exit is observable (so a crash is reported at once instead of after a timeout), its
 * last stderr lines explain a failure, and stopping it stops its children too ({@code npx} and
 * {@code uvx} launchers leave the real server as a child).
 */
final class ServerProcessTransport extends StdioClientTransport {
    private static final int STDERR_LINES_KEPT = 5;
    private static final int STDERR_LINE_LIMIT = 300;
    private static final Duration FORCED_EXIT_WAIT = Duration.ofSeconds(2);

    private final Path directory;
    private final CompletableFuture<Process> started = new CompletableFuture<>();
    // One future for the exit: Process.onExit() makes a new, asynchronously completed one per call.
    private final CompletableFuture<Process> exited = started.thenCompose(Process::onExit);
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private volatile boolean stopping;

    ServerProcessTransport(ServerParameters parameters, McpJsonMapper mapper, Path directory, Sandbox sandbox) {
        super(launched(parameters, directory, sandbox), mapper);
        this.directory = directory;
        setStdErrorHandler(this::keepStderrLine);
    }

    /**
     * The server's command line in a session of its own (see {@link OwnSession}) and behind bubblewrap when
     * the sandbox is on; its environment unchanged.
     */
    private static ServerParameters launched(ServerParameters parameters, Path directory, Sandbox sandbox) {
        List<String> command = new ArrayList<>();
        command.add(parameters.getCommand());
        command.addAll(parameters.getArgs());
        List<String> wrapped = OwnSession.wrap(sandbox.enabled() ? sandbox.wrap(command, directory) : command);
        return ServerParameters.builder(wrapped.getFirst())
                .args(wrapped.subList(1, wrapped.size()))
                .env(parameters.getEnv())
                .build();
    }

    @Override
    protected ProcessBuilder getProcessBuilder() {
        ProcessBuilder builder = new ProcessBuilder().directory(directory.toFile());
        // The SDK adds the server's variables to this map: starting empty keeps the backend's keys out.
        builder.environment().clear();
        return builder;
    }

    @Override
    public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        return super.connect(handler)
                .doOnSuccess(ignored -> {
                    started.complete(startedProcess());
                    if (stopping) { // stop() ran while the process was being started
                        stop(Duration.ZERO);
                    }
                })
                // Kept here, where McpConnection.open races it against the initialize request. Passed on,
                // it would reach only the SDK's subscriber, which has no error handler and logs a trace.
                .onErrorResume(failure -> {
                    started.completeExceptionally(failure);
                    return Mono.empty();
                });
    }

    /** Completes when the server process has ended; completes exceptionally when it never started. */
    CompletableFuture<Process> exited() {
        return exited;
    }

    /**
     * The server's last few stderr lines, oldest first, for explaining why it failed. Waits up to
     * {@code patience} for a first line: a server that just exited may still have output in the pipe.
     * Best effort: the SDK stops reading stderr once stdout has ended.
     */
    List<String> stderrTail(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (stderrTail) {
            try {
                for (long left = patience.toNanos();
                        stderrTail.isEmpty() && left > 0;
                        left = deadline - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(stderrTail, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.copyOf(stderrTail);
        }
    }

    /**
     * Stops the server and everything it started the way the MCP stdio transport asks: close its
     * stdin and let it exit; after {@code grace}, SIGTERM; after another {@code grace}, SIGKILL. Returns
     * when they are gone. The children are collected first: they are found through the parent, and
     * would be out of reach once it exits.
     */
    void stop(Duration grace) {
        stopping = true;
        if (!started.isDone() || started.isCompletedExceptionally()) {
            return; // not started (yet): connect() stops it when it does
        }
        Process process = started.join();
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed: the signals below still stop it.
        }
        if (awaitExit(tree, grace)) {
            return;
        }
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(tree, grace)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, FORCED_EXIT_WAIT);
        }
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        var exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void keepStderrLine(String line) {
        synchronized (stderrTail) {
            if (stderrTail.size() == STDERR_LINES_KEPT) {
                stderrTail.removeFirst();
            }
            stderrTail.addLast(line.length() > STDERR_LINE_LIMIT ? line.substring(0, STDERR_LINE_LIMIT) + "…" : line);
            stderrTail.notifyAll();
        }
    }

    /**
     * The SDK keeps the process private and offers no hook after it starts; the field is read once, right
     * after a successful start. The SDK version is pinned, and the process tests fail if it moves.
     */
    private Process startedProcess() {
        try {
            Field field = StdioClientTransport.class.getDeclaredField("process");
            field.setAccessible(true);
            return (Process) field.get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the MCP SDK no longer exposes its server process", e);
        }
    }
}
