package dev.baton.server.agent.mcp;

import java.time.Duration;

/**
 * How long MCP servers get: to start and list their tools, to answer one call, and to exit when asked
 * before they are killed.
 */
record McpTimeouts(Duration start, Duration call, Duration stopGrace) {
    static final McpTimeouts DEFAULTS =
            new McpTimeouts(Duration.ofSeconds(20), Duration.ofMinutes(10), Duration.ofSeconds(2));
}
