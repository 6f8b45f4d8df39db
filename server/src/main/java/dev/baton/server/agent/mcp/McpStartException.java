package dev.baton.server.agent.mcp;

/** An MCP server that could not be started, initialized or asked for its tools. */
final class McpStartException extends Exception {
    McpStartException(String message) {
        super(message);
    }
}
