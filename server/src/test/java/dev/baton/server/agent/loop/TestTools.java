package dev.baton.server.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.server.agent.tool.Access;
import dev.baton.server.agent.tool.Tool;
import dev.baton.server.agent.tool.ToolContext;
import dev.baton.server.agent.tool.ToolInputException;
import dev.baton.server.agent.tool.ToolOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small real tools for the loop's tests, standing in for the built-in ones. */
final class TestTools {
    private TestTools() {}

    static List<Tool> all() {
        return List.of(new WriteFile(), new Shell());
    }

    private static JsonNode schema(String... required) {
        var schema = Json.MAPPER.createObjectNode().put("type", "object");
        var properties = schema.putObject("properties");
        var names = schema.putArray("required");
        for (String name : required) {
            properties.putObject(name).put("type", "string");
            names.add(name);
        }
        return schema;
    }

    private static String text(JsonNode input, String field) {
        JsonNode value = input.get(field);
        if (value == null || !value.isTextual()) {
            throw new ToolInputException(field + " must be a string");
        }
        return value.asText();
    }

    /** Writes a file in the working directory; asks first. */
    static final class WriteFile implements Tool {
        @Override
        public String name() {
            return "Write";
        }

        @Override
        public String description() {
            return "Writes a file";
        }

        @Override
        public JsonNode inputSchema() {
            return schema("path", "content");
        }

        @Override
        public Access access(JsonNode input, ToolContext context) {
            String path = text(input, "path");
            text(input, "content");
            return new Access.NeedsPermission("Write " + path, path);
        }

        @Override
        public ToolOutcome run(JsonNode input, ToolContext context) {
            Path file = context.workingDirectory().resolve(text(input, "path"));
            try {
                Files.writeString(file, text(input, "content"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ToolOutcome.success("Wrote " + file.getFileName());
        }
    }

    /** Runs a command with /bin/sh; free, so tests reach the run without a prompt. */
    static final class Shell implements Tool {
        @Override
        public String name() {
            return "Shell";
        }

        @Override
        public String description() {
            return "Runs a command";
        }

        @Override
        public JsonNode inputSchema() {
            return schema("command");
        }

        @Override
        public Access access(JsonNode input, ToolContext context) {
            text(input, "command");
            return new Access.Free();
        }

        @Override
        public ToolOutcome run(JsonNode input, ToolContext context) throws InterruptedException {
            Process process;
            try {
                process = new ProcessBuilder("/bin/sh", "-c", text(input, "command"))
                        .directory(context.workingDirectory().toFile())
                        .redirectErrorStream(true)
                        .start();
            } catch (IOException e) {
                return ToolOutcome.failure(e.getMessage());
            }
            try (var stop = context.cancellation().onCancel(process::destroyForcibly)) {
                process.waitFor(30, TimeUnit.SECONDS);
                if (context.cancellation().isCancelled()) {
                    throw new InterruptedException("cancelled");
                }
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return new ToolOutcome(process.exitValue() == 0, output, process.exitValue());
            } catch (IOException e) {
                return ToolOutcome.failure(e.getMessage());
            }
        }
    }
}
