package dev.baton.server.agent.tool;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The tools a session offers the model, in the order they are offered; names are unique. Immutable. */
public final class ToolSet {
    private final List<Tool> tools;

    private ToolSet(List<Tool> tools) {
        Set<String> names = new HashSet<>();
        for (Tool tool : tools) {
            if (!names.add(tool.name())) {
                throw new IllegalArgumentException("two tools are named " + tool.name());
            }
        }
        this.tools = List.copyOf(tools);
    }

    /** Read, Write, Edit, List, Glob, Grep and Shell. */
    public static ToolSet builtIn() {
        return new ToolSet(List.of(
                new ReadTool(),
                new WriteTool(),
                new EditTool(),
                new ListTool(),
                new GlobTool(),
                new GrepTool(),
                new ShellTool()));
    }

    /**
     * These tools and {@code more} after them (an MCP server's tools, say).
     *
     * @throws IllegalArgumentException when a name in {@code more} is already taken
     */
    public ToolSet with(List<Tool> more) {
        List<Tool> all = new ArrayList<>(tools);
        all.addAll(more);
        return new ToolSet(all);
    }

    public Optional<Tool> find(String name) {
        return tools.stream().filter(tool -> tool.name().equals(name)).findFirst();
    }

    public List<Tool> all() {
        return tools;
    }
}
