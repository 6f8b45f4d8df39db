package dev.baton.server.agent.mcp;

/** A call to an MCP server that got no result; the message is written for the model and the person. */
final class McpCallException extends Exception {
    McpCallException(String message) {
        super(message);
    }
}
