/**
 * The tools the model may call, and what each call needs before it runs.
 *
 * <p>The agent loop finds a {@link dev.baton.server.agent.tool.Tool} in a {@link
 * dev.baton.server.agent.tool.ToolSet} ({@code ToolSet.builtIn().with(mcpTools)}), asks it for {@link
 * dev.baton.server.agent.tool.Tool#access access} (a {@code NeedsPermission} goes through the rules in
 * {@code agent.permission}, then to a person), runs it, and sends the model {@link
 * dev.baton.server.agent.tool.ToolOutcome#forModel()} while the session log keeps the whole output.
 *
 * <p>The built-in tools: Read, List, Glob and Grep are free inside the working directory; Write, Edit and
 * Shell always ask. Every path is resolved by {@code Target} (normalised, symlinks followed where the file
 * exists, a dangling link followed to where it points) before it is judged, so {@code ..} or a symlink
 * cannot reach outside the working directory unasked; it is resolved once per call ({@code ToolContext}), and
 * the resolved path is the one touched, opened with no symlink followed ({@code NoFollow}). A rule
 * subject is that path relative to the working directory, or absolute outside it; for Shell, the command.
 */
package dev.baton.server.agent.tool;
