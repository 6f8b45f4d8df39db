package dev.baton.server.agent.tool;

import dev.baton.server.agent.model.Cancellation;
import java.nio.file.Path;

/** Where and under what cancellation a tool call runs. */
public record ToolContext(Path workingDirectory, Cancellation cancellation) {}
