package dev.baton.server.trust;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What trusting a folder would let it do, in lines a person can judge before saying yes: the commands
 * of its MCP servers (as written: {@code ${VAR}} stays unexpanded, so no secret is shown) and its
 * settings, allow rules first. Values named like keys or tokens are masked.
 */
public final class ProjectSummary {
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private ProjectSummary() {}

    public static List<String> lines(Path folder) {
        List<String> lines = new ArrayList<>();
        JsonNode mcp = read(folder.resolve(ProjectFiles.MCP), lines);
        if (mcp != null) {
            lines.add("MCP servers it would start (" + ProjectFiles.MCP + "):");
            mcp.path("mcpServers").properties().forEach(server -> {
                StringBuilder command = new StringBuilder(
                        shellWord(server.getValue().path("command").asText("?")));
                server.getValue().path("args").forEach(arg -> command.append(' ')
                        .append(shellWord(arg.asText())));
                lines.add("  " + server.getKey() + ": " + command);
            });
        }
        JsonNode settings = read(folder.resolve(ProjectFiles.SETTINGS), lines);
        if (settings != null) {
            lines.add("Settings it would apply (" + ProjectFiles.SETTINGS + "):");
            settings.path("permissions").path("allow").forEach(rule -> lines.add("  allow " + rule.asText()));
            settings.properties().stream()
                    .filter(entry -> !entry.getKey().equals("permissions"))
                    .forEach(entry -> leaves(entry.getKey(), entry.getValue(), lines));
        }
        return lines;
    }

    /**
     * A word as a POSIX shell would need it to run the same command: quoted unless plainly one word, so the
     * user sees where each argument ends ({@code sh -c 'touch x; sleep 600'} is one script, not three words).
     */
    static String shellWord(String word) {
        return PLAIN_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static void leaves(String key, JsonNode node, List<String> lines) {
        if (node.isObject()) {
            node.properties().forEach(entry -> leaves(key + "." + entry.getKey(), entry.getValue(), lines));
            return;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        boolean secret = lower.endsWith("key") || lower.endsWith("token") || lower.endsWith("secret");
        lines.add("  " + key + " = " + (secret ? "(set, masked)" : node.isTextual() ? node.asText() : node.toString()));
    }

    private static JsonNode read(Path file, List<String> lines) {
        try {
            return Json.MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            lines.add(file.getFileName() + " cannot be read or is not valid JSON: Baton would report it and skip it");
            return null;
        }
    }
}
