package dev.baton.server.agent.mcp;

import dev.baton.protocol.Json;
import dev.baton.server.agent.model.Cancellation;
import dev.baton.server.sandbox.Sandbox;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.json.jackson.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * One running MCP server: its process, the SDK client speaking to it, and the tools it listed at
 * start. Every wait races the server's exit, so a server that dies is reported at once rather than
 * after a timeout.
 */
final class McpConnection implements AutoCloseable {
    /** How long a server that exited gets for its last stderr lines to be read: they explain the exit. */
    private static final Duration STDERR_PATIENCE = Duration.ofMillis(250);

    private static final McpSchema.Implementation CLIENT_INFO = new McpSchema.Implementation("baton", "0.1.0");

    private final String name;
    private final ServerProcessTransport transport;
    private final McpAsyncClient client;
    private final McpTimeouts timeouts;
    private final List<McpSchema.Tool> tools;

    private McpConnection(
            String name,
            ServerProcessTransport transport,
            McpAsyncClient client,
            McpTimeouts timeouts,
            List<McpSchema.Tool> tools) {
        this.name = name;
        this.transport = transport;
        this.client = client;
        this.timeouts = timeouts;
        this.tools = List.copyOf(tools);
    }

    /**
     * Starts the server in {@code workingDirectory}, initializes it and lists its tools, all within
     * {@code timeouts.start()}. On failure nothing is left running.
     */
    static McpConnection open(McpServerConfig config, Path workingDirectory, McpTimeouts timeouts)
            throws McpStartException, InterruptedException {
        return open(config, workingDirectory, timeouts, Sandbox.OFF);
    }

    /** Like {@link #open(McpServerConfig, Path, McpTimeouts)}, inside {@code sandbox} when it is enabled. */
    static McpConnection open(McpServerConfig config, Path workingDirectory, McpTimeouts timeouts, Sandbox sandbox)
            throws McpStartException, InterruptedException {
        ServerParameters parameters = ServerParameters.builder(config.command())
                .args(config.args())
                .env(config.env())
                .build();
        var transport = new ServerProcessTransport(
                parameters, new JacksonMcpJsonMapper(Json.MAPPER), workingDirectory, sandbox);
        McpAsyncClient client = McpClient.async(transport)
                .clientInfo(CLIENT_INFO)
                .initializationTimeout(timeouts.start())
                // Our own waits enforce each limit; the SDK's must not cut a start short with the call limit.
                .requestTimeout(longer(timeouts.start(), timeouts.call()))
                .build();
        CompletableFuture<List<McpSchema.Tool>> listed =
                client.initialize().flatMap(init -> toolsOf(client, init)).toFuture();
        try {
            awaitEither(listed, transport.exited(), timeouts.start());
            if (listed.isDone() && !listed.isCompletedExceptionally()) {
                return new McpConnection(config.name(), transport, client, timeouts, listed.join());
            }
            throw new McpStartException(startFailure(config, listed, transport, timeouts));
        } catch (McpStartException | InterruptedException | RuntimeException e) {
            listed.cancel(true);
            stop(transport, client, timeouts);
            throw e;
        }
    }

    /** A server may offer only resources or prompts; it then has no tools, which is not a failure. */
    private static Mono<List<McpSchema.Tool>> toolsOf(McpAsyncClient client, McpSchema.InitializeResult init) {
        if (init.capabilities() == null || init.capabilities().tools() == null) {
            return Mono.just(List.of());
        }
        return client.listTools().map(result -> Objects.requireNonNullElse(result.tools(), List.of()));
    }

    String name() {
        return name;
    }

    List<McpSchema.Tool> tools() {
        return tools;
    }

    /**
     * Calls {@code tool}. A result the server marks as an error is still a result; no result at all
     * (the server failed the request, died, or did not answer in time) is an {@link McpCallException}.
     *
     * @throws InterruptedException when {@code cancellation} fires or the thread is interrupted
     */
    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments, Cancellation cancellation)
            throws McpCallException, InterruptedException {
        CompletableFuture<McpSchema.CallToolResult> call =
                client.callTool(new McpSchema.CallToolRequest(tool, arguments)).toFuture();
        try (var onCancel = cancellation.onCancel(() -> call.cancel(true))) {
            awaitEither(call, transport.exited(), timeouts.call());
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        }
        if (call.isCancelled() || cancellation.isCancelled()) {
            call.cancel(true);
            throw new InterruptedException("the call to " + tool + " was cancelled");
        }
        boolean answered = call.isDone() && !call.isCompletedExceptionally();
        if (!answered && transport.exited().isDone()) {
            call.cancel(true);
            throw new McpCallException("MCP server " + name + " has stopped" + exitDetail(transport)
                    + "; its tools are unavailable until the session restarts");
        }
        if (!call.isDone() || timedOut(call)) { // our wait or the SDK's request timeout, whichever came first
            call.cancel(true);
            throw new McpCallException(
                    "MCP server " + name + " did not answer " + tool + " within " + describe(timeouts.call()));
        }
        try {
            return call.join();
        } catch (CompletionException | CancellationException e) {
            throw new McpCallException("MCP server " + name + " failed the call to " + tool + ": " + reason(e));
        }
    }

    /** Stops the server process and its children and releases the client. */
    @Override
    public void close() {
        stop(transport, client, timeouts);
    }

    private static void stop(ServerProcessTransport transport, McpAsyncClient client, McpTimeouts timeouts) {
        transport.stop(timeouts.stopGrace());
        // The process is gone, so this only ends the SDK's reader threads; it does not wait.
        client.close();
    }

    /** Waits until either future completes (normally or not) or {@code timeout} passes. */
    private static void awaitEither(CompletableFuture<?> first, CompletableFuture<?> second, Duration timeout)
            throws InterruptedException {
        try {
            CompletableFuture.anyOf(first, second).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | CancellationException | TimeoutException e) {
            // The caller looks at which future ended and how.
        }
    }

    private static String startFailure(
            McpServerConfig config,
            CompletableFuture<?> listed,
            ServerProcessTransport transport,
            McpTimeouts timeouts) {
        CompletableFuture<Process> exited = transport.exited();
        String failure;
        if (exited.isCompletedExceptionally()) {
            failure = "cannot run " + config.command() + ": " + reason(exited); // e.g. no such command
        } else if (exited.isDone()) {
            failure = "it exited" + exitDetail(transport) + " before answering";
        } else if (listed.isCompletedExceptionally() && !timedOut(listed)) {
            failure = reason(listed);
        } else {
            failure = "it did not answer within " + describe(timeouts.start());
        }
        List<String> stderr = transport.stderrTail(exited.isDone() ? STDERR_PATIENCE : Duration.ZERO);
        return stderr.isEmpty() ? failure : failure + "; its last output: " + String.join(" | ", stderr);
    }

    private static Duration longer(Duration first, Duration second) {
        return first.compareTo(second) >= 0 ? first : second;
    }

    private static String describe(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + " ms" : duration.toSeconds() + " s";
    }

    private static String exitDetail(ServerProcessTransport transport) {
        CompletableFuture<Process> exited = transport.exited();
        return exited.isDone() && !exited.isCompletedExceptionally()
                ? " (exit code " + exited.join().exitValue() + ")"
                : "";
    }

    private static String reason(CompletableFuture<?> failed) {
        try {
            failed.join();
            return "unknown failure";
        } catch (CompletionException | CancellationException e) {
            return reason(e);
        }
    }

    /** Whether the SDK's own timeout (as long as ours) ended the wait. */
    private static boolean timedOut(CompletableFuture<?> failed) {
        try {
            failed.join();
            return false;
        } catch (CompletionException | CancellationException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof TimeoutException) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The innermost message: the SDK wraps causes several times, and only the first one explains. */
    private static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof McpError) {
                break;
            }
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.strip();
    }
}
