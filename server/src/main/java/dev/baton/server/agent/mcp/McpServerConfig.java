package dev.baton.server.agent.mcp;

import java.util.List;
import java.util.Map;

/**
 * One stdio server entry of {@code .mcp.json}: how to start it.
 *
 * @param name the key under {@code mcpServers}, as the user wrote it
 */
record McpServerConfig(String name, String command, List<String> args, Map<String, String> env) {
    McpServerConfig {
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }
}
