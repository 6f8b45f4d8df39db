package dev.baton.server.agent.mcp;

import dev.baton.server.agent.config.ProjectSettings;
import dev.baton.server.agent.tool.Tool;
import dev.baton.server.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP servers of a session's project, from {@code <workingDirectory>/.mcp.json}, running for as long
 * as the session does, and their tools as {@code mcp__<server>__<tool>}. A server that cannot be used
 * costs the person one notice, never the session.
 */
public final class McpServers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(McpServers.class);

    private final List<McpConnection> connections;
    private final List<Tool> tools;

    private McpServers(List<McpConnection> connections, List<Tool> tools) {
        this.connections = List.copyOf(connections);
        this.tools = List.copyOf(tools);
    }

    /**
     * Starts every stdio server of {@code <directory>/.mcp.json} in that directory, all at once, with
     * only {@code environment}'s variables and those the entry sets; none when the folder is not trusted,
     * and returns when each has listed its tools or failed (at most about 20 s). Each problem (a
     * malformed file, an unsupported entry, a server that does not start) is told to {@code notices}
     * once; this never throws for them. Interrupted, it stops what it started and returns no servers,
     * with the thread's interrupt status set.
     */
    public static McpServers start(
            ProjectSettings project, McpEnvironment environment, Consumer<String> notices, Sandbox sandbox) {
        return start(project, environment, notices, McpTimeouts.DEFAULTS, sandbox);
    }

    static McpServers start(
            ProjectSettings project, McpEnvironment environment, Consumer<String> notices, McpTimeouts timeouts) {
        return start(project, environment, notices, timeouts, Sandbox.OFF);
    }

    static McpServers start(
            ProjectSettings project,
            McpEnvironment environment,
            Consumer<String> notices,
            McpTimeouts timeouts,
            Sandbox sandbox) {
        if (!project.trusted()) {
            return new McpServers(List.of(), List.of()); // the file is not even read: it is not the user's yet
        }
        Path workingDirectory = project.directory();
        List<McpServerConfig> configs = McpConfigFile.read(workingDirectory, environment.expandable(), notices).stream()
                .map(config -> new McpServerConfig(
                        config.name(), config.command(), config.args(), environment.forServer(config.env())))
                .toList();
        List<Future<McpConnection>> starts;
        // Closing the executor waits for every start; each is bounded by the start timeout.
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            starts = configs.stream()
                    .map(config ->
                            executor.submit(() -> McpConnection.open(config, workingDirectory, timeouts, sandbox)))
                    .toList();
        }
        if (Thread.currentThread().isInterrupted()) {
            starts.stream()
                    .filter(started -> started.state() == Future.State.SUCCESS)
                    .forEach(started -> started.resultNow().close());
            return new McpServers(List.of(), List.of());
        }
        List<McpConnection> connections = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            Future<McpConnection> started = starts.get(i);
            switch (started.state()) {
                case SUCCESS -> connections.add(started.resultNow());
                case FAILED -> notices.accept(
                        "MCP server " + configs.get(i).name() + " did not start: " + message(started.exceptionNow()));
                default -> notices.accept("MCP server " + configs.get(i).name() + " did not start: cancelled");
            }
        }
        return new McpServers(connections, toolsOf(connections, notices));
    }

    /** Every tool of every running server, in {@code .mcp.json} order, names unique. */
    public List<Tool> tools() {
        return tools;
    }

    /** Stops every server process and its children, all at once; returns when they are gone. */
    @Override
    public void close() {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            connections.forEach(connection -> executor.execute(connection::close));
        }
    }

    private static List<Tool> toolsOf(List<McpConnection> connections, Consumer<String> notices) {
        List<Tool> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (McpConnection connection : connections) {
            for (var listed : connection.tools()) {
                McpTool tool = new McpTool(connection, listed);
                if (names.add(tool.name())) {
                    tools.add(tool);
                } else {
                    notices.accept("MCP tool " + listed.name() + " of server " + connection.name()
                            + " is left out: its name " + tool.name() + " is already taken");
                }
            }
        }
        return tools;
    }

    private static String message(Throwable failure) {
        if (failure instanceof McpStartException) {
            return failure.getMessage();
        }
        log.warn("MCP server start failed unexpectedly", failure);
        return String.valueOf(failure);
    }
}
