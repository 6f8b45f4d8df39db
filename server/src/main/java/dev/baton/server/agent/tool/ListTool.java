package dev.baton.server.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
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
        Optional<BasicFileAttributes> attributes;
        try {
            attributes = NoFollow.find(target.path());
        } catch (IOException e) {
            return ToolOutcome.failure("Cannot list " + target.subject() + ": " + e.getMessage());
        }
        if (attributes.isEmpty() || !attributes.get().isDirectory()) {
            return ToolOutcome.failure(
                    attributes.isPresent()
                            ? target.subject() + " is a file, not a directory; use Read to see it."
                            : "Directory not found: " + target.subject());
        }
        SortedMap<String, String> entries = new TreeMap<>(); // by name, as the listing promises
        try (SecureDirectoryStream<Path> directory = NoFollow.directory(target.path())) {
            if (directory == null) {
                try (Stream<Path> listing = Files.list(target.path())) {
                    listing.forEach(entry -> entries.put(entry.getFileName().toString(), describe(entry, null)));
                }
            } else {
                directory.forEach(entry -> entries.put(entry.getFileName().toString(), describe(entry, directory)));
            }
        } catch (IOException e) {
            return ToolOutcome.failure("Cannot list " + target.subject() + ": " + e.getMessage());
        }
        if (entries.isEmpty()) {
            return ToolOutcome.success("(" + target.subject() + " is empty)");
        }
        StringBuilder out = new StringBuilder();
        entries.values().stream().limit(MAX_ENTRIES).forEach(entry -> out.append(entry)
                .append('\n'));
        if (entries.size() > MAX_ENTRIES) {
            out.append("[").append(entries.size() - MAX_ENTRIES).append(" more entries not shown]\n");
        }
        return ToolOutcome.success(out.toString());
    }

    /** One entry, its type read from the open directory when there is one, never through a link. */
    private static String describe(Path entry, SecureDirectoryStream<Path> directory) {
        String name = entry.getFileName().toString();
        try {
            BasicFileAttributes attributes = directory == null
                    ? Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    : directory
                            .getFileAttributeView(
                                    entry.getFileName(), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes();
            if (attributes.isSymbolicLink()) {
                return name + " -> " + Files.readSymbolicLink(entry);
            }
            if (attributes.isDirectory()) {
                return name + "/";
            }
            return name + "  (" + TextFiles.size(attributes.size()) + ")";
        } catch (IOException e) {
            return name + "  (unreadable)";
        }
    }

    private static Target target(JsonNode input, ToolContext context) {
        return context.target(Inputs.optionalString(input, "path").orElse("."));
    }
}
