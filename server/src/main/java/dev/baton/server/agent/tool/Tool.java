package dev.baton.server.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Something the model may call: a built-in tool (Read, Write, Edit, List, Glob, Grep, Shell) or a tool
 * of an MCP server ({@code mcp__<server>__<tool>}). The agent loop asks {@link #access} before every
 * call and runs the call only when that allows it.
 */
public interface Tool {
    /** The name the model calls it by; unique within a session. */
    String name();

    /** What the tool does, for the model. */
    String description();

    /** The JSON schema of the input object. */
    JsonNode inputSchema();

    /**
     * Whether this call may run without asking. Reading inside the working directory is free;
     * anything that changes something, or reaches outside the working directory, needs permission.
     *
     * @throws ToolInputException when the input is not what the schema says
     */
    Access access(JsonNode input, ToolContext context);

    /**
     * Runs the call. A failure the model should hear about (file not found, non-zero exit) is an
     * outcome with {@code ok=false}, not an exception.
     *
     * @throws ToolInputException when the input is not what the schema says
     * @throws InterruptedException when the call was cancelled
     */
    ToolOutcome run(JsonNode input, ToolContext context) throws InterruptedException;
}
