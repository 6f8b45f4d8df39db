/**
 * MCP servers of a project, started with the session: {@link dev.baton.server.agent.mcp.McpServers}
 * reads {@code <workingDirectory>/.mcp.json} (the {@code mcpServers} format other agents use; stdio
 * servers only), starts every server at once in the working directory through the official MCP Java
 * SDK, and offers each listed tool as a {@link dev.baton.server.agent.tool.Tool} named
 * {@code mcp__<server>__<tool>}, so MCP calls take the same permission path as built-in tools.
 *
 * <p>Nothing here may take a session down: a malformed file, an unsupported entry or a server that
 * does not start is one notice, and a server that dies later turns its calls into failed tool results.
 * {@code close()} stops every server process and its children.
 */
package dev.baton.server.agent.mcp;
