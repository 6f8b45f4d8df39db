package dev.baton.server.agent.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A real stdio MCP server built with the SDK's server API, run by tests as its own {@code java}
 * process (here and in the agent loop's tests). {@code crash} as the first argument makes it fail the
 * way a misconfigured server does: a line on stderr and a non-zero exit before it answers anything.
 */
public final class TestMcpServer {
    static final String TEXT_SCHEMA =
            """
            {"type": "object",
             "properties": {"text": {"type": "string", "description": "What to say back"}},
             "required": ["text"]}
            """;

    private static final JacksonMcpJsonMapper MAPPER = new JacksonMcpJsonMapper(new ObjectMapper());

    private TestMcpServer() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("crash")) {
            System.err.println("boom: no configuration");
            System.exit(7);
        }
        // Like most servers, it exits when the client closes its stdin.
        var stdin = new FilterInputStream(System.in) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = super.read(buffer, offset, length);
                if (read < 0) {
                    System.exit(0);
                }
                return read;
            }
        };
        McpServer.sync(new StdioServerTransportProvider(MAPPER, stdin, System.out))
                .serverInfo("test-server", "1.0")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(
                        tool(
                                "echo",
                                "Says the text back.",
                                TEXT_SCHEMA,
                                true,
                                arguments -> text("echo: " + arguments.get("text"))),
                        tool(
                                "where",
                                "Tells where and as which process it runs.",
                                null,
                                true,
                                arguments -> text(Path.of("").toAbsolutePath() + "\n"
                                        + ProcessHandle.current().pid())),
                        tool(
                                "fail",
                                "Always fails.",
                                null,
                                false,
                                arguments ->
                                        new CallToolResult(List.of(new TextContent("it failed on purpose")), true)),
                        tool(
                                "mixed.parts",
                                "Answers with text and an image.",
                                null,
                                false,
                                arguments -> new CallToolResult(
                                        List.of(
                                                new TextContent("first"),
                                                new McpSchema.ImageContent(null, "AAAAAAAA", "image/png"),
                                                new TextContent("last")),
                                        false)),
                        tool("spawn_child", "Starts a child process and gives its pid.", null, false, arguments -> {
                            try {
                                return text(String.valueOf(new ProcessBuilder("sleep", "300")
                                        .start()
                                        .pid()));
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        }),
                        tool("wait_forever", "Never answers in time.", null, true, arguments -> {
                            try {
                                Thread.sleep(300_000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return text("woke");
                        }),
                        tool("halt", "Kills this server without answering.", null, false, arguments -> {
                            Runtime.getRuntime().halt(3);
                            return text("unreachable");
                        }))
                .build();
    }

    private static SyncToolSpecification tool(
            String name,
            String description,
            String schema,
            boolean readOnly,
            Function<Map<String, Object>, CallToolResult> call) {
        var tool = McpSchema.Tool.builder()
                .name(name)
                .description(description)
                .inputSchema(MAPPER, schema == null ? "{\"type\": \"object\"}" : schema)
                .annotations(new ToolAnnotations(null, readOnly, null, null, null, null))
                .build();
        return SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> call.apply(request.arguments()))
                .build();
    }

    private static CallToolResult text(String text) {
        return new CallToolResult(List.of(new TextContent(text)), false);
    }
}
