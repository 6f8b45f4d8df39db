package dev.baton.server.agent.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Writes a project's {@code .mcp.json} naming real server processes. */
final class McpTestProject {
    static final McpTimeouts TIMEOUTS =
            new McpTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofMillis(500));

    /** The test run's own basics (PATH, HOME…), nothing to expand. */
    static final McpEnvironment ENVIRONMENT = McpEnvironment.of(System.getenv(), java.util.Set.of());

    private final ObjectNode servers = Json.MAPPER.createObjectNode();

    /** {@link TestMcpServer} in a fresh JVM on this test run's class path. */
    McpTestProject javaServer(String name) {
        ArrayNode args = Json.MAPPER
                .createArrayNode()
                .add("-Xshare:auto")
                .add("-XX:TieredStopAtLevel=1")
                .add("-cp")
                .add(System.getProperty("java.class.path"))
                .add(TestMcpServer.class.getName());
        return server(name, ProcessHandle.current().info().command().orElseThrow(), args);
    }

    McpTestProject server(String name, String command, ArrayNode args) {
        servers.putObject(name).put("command", command).set("args", args);
        return this;
    }

    void writeTo(Path directory) {
        write(directory, Json.write(Json.MAPPER.createObjectNode().set("mcpServers", servers)));
    }

    static void write(Path directory, String mcpJson) {
        try {
            Files.writeString(directory.resolve(McpConfigFile.FILE_NAME), mcpJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
