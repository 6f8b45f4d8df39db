package dev.baton.server.agent.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a project's {@code .mcp.json} in the format other agents use:
 * {@code {"mcpServers": {"<name>": {"command": "...", "args": [...], "env": {...}}}}}. Problems become
 * notices for the person, never exceptions: a session must start even with a broken file.
 */
final class McpConfigFile {
    static final String FILE_NAME = ".mcp.json";

    private McpConfigFile() {}

    /**
     * The stdio servers the file names, in file order. A missing file is no servers and no notice; an
     * unreadable or malformed file is one notice naming it; an entry Baton cannot start (another
     * transport, a bad field, an unset variable) is one notice for that entry, and the other entries
     * still count. {@code ${VAR}} and {@code ${VAR:-default}} are expanded from {@code environment}
     * only: the variables the user allowed ({@link McpEnvironment#expandable()}).
     */
    static List<McpServerConfig> read(
            Path workingDirectory, Map<String, String> environment, Consumer<String> notices) {
        Path file = workingDirectory.resolve(FILE_NAME);
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (JsonProcessingException e) {
            notices.accept("MCP servers not started: " + file + " is not valid JSON: " + e.getOriginalMessage());
            return List.of();
        } catch (IOException e) {
            notices.accept("MCP servers not started: cannot read " + file + ": " + e.getMessage());
            return List.of();
        }
        JsonNode servers = root == null ? null : root.get("mcpServers");
        if (servers == null || !servers.isObject()) {
            notices.accept("MCP servers not started: " + file + " needs an \"mcpServers\" object");
            return List.of();
        }
        List<McpServerConfig> configs = new ArrayList<>();
        servers.properties().forEach(entry -> {
            try {
                configs.add(entry(entry.getKey(), entry.getValue(), environment));
            } catch (IllegalArgumentException e) {
                notices.accept(
                        "MCP server " + entry.getKey() + " not started: " + e.getMessage() + " (in " + file + ")");
            }
        });
        return configs;
    }

    private static McpServerConfig entry(String name, JsonNode node, Map<String, String> environment) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("its entry must be an object");
        }
        String type = node.path("type").asText("stdio");
        if (!type.equals("stdio") || node.has("url")) {
            String transport = node.has("type") ? type : "URL";
            throw new IllegalArgumentException(
                    "the " + transport + " transport is not supported yet; Baton starts stdio servers only");
        }
        JsonNode command = node.get("command");
        if (command == null || !command.isTextual() || command.asText().isBlank()) {
            throw new IllegalArgumentException("\"command\" must be a non-empty string");
        }
        var expand = new Expansion(environment);
        return new McpServerConfig(
                name,
                expand.apply(command.asText()),
                args(node.get("args")).stream().map(expand).toList(),
                env(node.get("env")).entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, variable -> expand.apply(variable.getValue()))));
    }

    /**
     * {@code ${VAR}} and {@code ${VAR:-default}}, as other agents expand them in {@code .mcp.json}, so a
     * shared file can name secrets without holding them.
     */
    private record Expansion(Map<String, String> environment) implements UnaryOperator<String> {
        private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

        @Override
        public String apply(String text) {
            return VARIABLE.matcher(text).replaceAll(match -> {
                String value = environment.get(match.group(1));
                if (value == null) {
                    value = match.group(2);
                }
                if (value == null) {
                    throw new IllegalArgumentException("${" + match.group(1) + "} is not expanded: " + match.group(1)
                            + " is not set, or not listed in \"mcp\": {\"allowEnv\": […]} in $BATON_HOME/config.json");
                }
                return Matcher.quoteReplacement(value);
            });
        }
    }

    private static List<String> args(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("\"args\" must be an array of strings");
        }
        List<String> args = new ArrayList<>();
        for (JsonNode arg : node) {
            if (!arg.isTextual()) {
                throw new IllegalArgumentException("\"args\" must be an array of strings");
            }
            args.add(arg.asText());
        }
        return args;
    }

    private static Map<String, String> env(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("\"env\" must be an object of strings");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (var variable : node.properties()) {
            if (!variable.getValue().isTextual()) {
                throw new IllegalArgumentException("\"env\" value for " + variable.getKey() + " must be a string");
            }
            env.put(variable.getKey(), variable.getValue().asText());
        }
        return env;
    }
}
