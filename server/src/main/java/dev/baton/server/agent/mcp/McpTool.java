package dev.baton.server.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.server.agent.tool.Access;
import dev.baton.server.agent.tool.Tool;
import dev.baton.server.agent.tool.ToolContext;
import dev.baton.server.agent.tool.ToolInputException;
import dev.baton.server.agent.tool.ToolOutcome;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A tool of an MCP server as the agent sees it: {@code mcp__<server>__<tool>}. It needs permission
 * unless the server marks it read-only; rules name it without a subject
 * ({@code mcp__github__create_issue}).
 */
final class McpTool implements Tool {
    private final McpConnection server;
    private final McpSchema.Tool tool;
    private final String name;
    private final ObjectNode inputSchema;

    McpTool(McpConnection server, McpSchema.Tool tool) {
        this.server = server;
        this.tool = tool;
        this.name = qualifiedName(server.name(), tool.name());
        this.inputSchema = schemaOf(tool);
    }

    /**
     * The name the model calls: model APIs accept only {@code [A-Za-z0-9_-]} in tool names, so anything
     * else becomes {@code _}.
     */
    private static String qualifiedName(String server, String tool) {
        return "mcp__" + sanitize(server) + "__" + sanitize(tool);
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        String description = Objects.requireNonNullElse(tool.description(), "").strip();
        return description.isEmpty() ? "Tool " + tool.name() + " of MCP server " + server.name() + "." : description;
    }

    @Override
    public JsonNode inputSchema() {
        return inputSchema.deepCopy();
    }

    @Override
    public Access access(JsonNode input, ToolContext context) {
        McpSchema.ToolAnnotations annotations = tool.annotations();
        if (annotations != null && Boolean.TRUE.equals(annotations.readOnlyHint())) {
            return new Access.Free();
        }
        return new Access.NeedsPermission("Call " + tool.name() + " on MCP server " + server.name(), "");
    }

    @Override
    public ToolOutcome run(JsonNode input, ToolContext context) throws InterruptedException {
        McpSchema.CallToolResult result;
        try {
            result = server.call(tool.name(), arguments(input), context.cancellation());
        } catch (McpCallException e) {
            return ToolOutcome.failure(e.getMessage());
        }
        String text = text(result);
        return Boolean.TRUE.equals(result.isError()) ? ToolOutcome.failure(text) : ToolOutcome.success(text);
    }

    private static Map<String, Object> arguments(JsonNode input) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            return Map.of();
        }
        if (!input.isObject()) {
            throw new ToolInputException("the input must be a JSON object");
        }
        return Json.MAPPER.convertValue(
                input, Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
    }

    /** The text parts joined; other parts described in a line, since the model gets text only. */
    private static String text(McpSchema.CallToolResult result) {
        if ((result.content() == null || result.content().isEmpty()) && result.structuredContent() != null) {
            return Json.write(result.structuredContent());
        }
        if (result.content() == null) {
            return "";
        }
        return result.content().stream().map(McpTool::text).collect(Collectors.joining("\n"));
    }

    private static String text(McpSchema.Content content) {
        return switch (content) {
            case McpSchema.TextContent text -> text.text();
            case McpSchema.ImageContent image -> "[image " + image.mimeType() + ", " + decodedSize(image.data())
                    + " bytes]";
            case McpSchema.AudioContent audio -> "[audio " + audio.mimeType() + ", " + decodedSize(audio.data())
                    + " bytes]";
            case McpSchema.EmbeddedResource embedded -> switch (embedded.resource()) {
                case McpSchema.TextResourceContents resource -> resource.text();
                case McpSchema.BlobResourceContents resource -> "[resource " + resource.uri() + ", "
                        + resource.mimeType() + "]";
            };
            case McpSchema.ResourceLink link -> "[resource link " + link.uri() + "]";
        };
    }

    /** The schema as the server gave it, or an open object schema when it gave none. */
    private static ObjectNode schemaOf(McpSchema.Tool tool) {
        if (tool.inputSchema() != null && Json.MAPPER.valueToTree(tool.inputSchema()) instanceof ObjectNode schema) {
            return schema;
        }
        return Json.MAPPER.createObjectNode().put("type", "object");
    }

    private static long decodedSize(String base64) {
        return base64 == null ? 0 : base64.length() * 3L / 4;
    }
}
