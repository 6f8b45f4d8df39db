package dev.baton.server.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Lists one directory: names sorted, directories marked with a trailing slash, files with sizes. */
public final class ListTool implements Tool {
    static final int MAX_ENTRIES = 1000;

    private static final JsonNode SCHEMA = Schema.object()
            .string(
                    "path",
                    "The directory to list, relative to the working directory (or absolute). Default: the"
                            + " working directory.")
            .build();

    @Override
    public String name() {
        return "List";
    }

    @Override
    public String description() {
        return "Lists the entries of one directory (not recursive), sorted by name: directories end with `/`,"
                + " symbolic links show their target, files show their size. At most " + MAX_ENTRIES
                + " entries. Use Glob to find files by pattern across directories.";
    }

    @Override
    public JsonNode inputSchema() {
        return SCHEMA;
    }

    @Override
    public Access access(JsonNode input, ToolContext context) {
        return target(input, context).readAccess(name());
    }

    @Override
    public ToolOutcome run(JsonNode input, ToolContext context) {
        Target target = target(input, context);
        if (!Files.isDirectory(target.path())) {
            return ToolOutcome.failure(
                    Files.exists(target.path())
                            ? target.subject() + " is a file, not a directory; use Read to see it."
                            : "Directory not found: " + target.subject());
        }
        List<Path> entries;
        try (Stream<Path> listing = Files.list(target.path())) {
            entries = listing.sorted().toList();
        } catch (IOException e) {
            return ToolOutcome.failure("Cannot list " + target.subject() + ": " + e);
        }
        if (entries.isEmpty()) {
            return ToolOutcome.success("(" + target.subject() + " is empty)");
        }
        StringBuilder out = new StringBuilder();
        entries.stream().limit(MAX_ENTRIES).forEach(entry -> out.append(describe(entry))
                .append('\n'));
        if (entries.size() > MAX_ENTRIES) {
            out.append("[").append(entries.size() - MAX_ENTRIES).append(" more entries not shown]\n");
        }
        return ToolOutcome.success(out.toString());
    }

    private static String describe(Path entry) {
        String name = entry.getFileName().toString();
        try {
            if (Files.isSymbolicLink(entry)) {
                return name + " -> " + Files.readSymbolicLink(entry);
            }
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                return name + "/";
            }
            return name + "  (" + TextFiles.size(Files.size(entry)) + ")";
        } catch (IOException e) {
            return name + "  (unreadable)";
        }
    }

    private static Target target(JsonNode input, ToolContext context) {
        return Target.resolve(Inputs.optionalString(input, "path").orElse("."), context.workingDirectory());
    }
}
