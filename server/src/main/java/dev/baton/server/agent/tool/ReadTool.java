package dev.baton.server.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Shows a text file with line numbers, a page at a time. */
public final class ReadTool implements Tool {
    static final int DEFAULT_LIMIT = 2000;
    static final int LINE_LIMIT = 2000;

    private static final JsonNode SCHEMA = Schema.object()
            .requiredString("path", "The file to read, relative to the working directory (or absolute).")
            .integer("offset", "The line number to start at (1 = the first line). Default 1.", 1)
            .integer("limit", "How many lines to show at most. Default " + DEFAULT_LIMIT + ".", 1)
            .build();

    @Override
    public String name() {
        return "Read";
    }

    @Override
    public String description() {
        return "Reads a text file and returns its lines numbered like `cat -n` (number, tab, text). Shows up to "
                + DEFAULT_LIMIT + " lines from `offset`; a longer file ends with a note telling which offset"
                + " continues it. Lines longer than " + LINE_LIMIT + " characters are cut. Binary files are"
                + " refused. Use List for directories.";
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
        int offset = Inputs.optionalInt(input, "offset", 1, 1);
        int limit = Inputs.optionalInt(input, "limit", DEFAULT_LIMIT, 1);
        BasicFileAttributes attributes;
        try {
            attributes = NoFollow.attributes(target.path());
        } catch (NoSuchFileException e) {
            return ToolOutcome.failure("File not found: " + target.subject());
        } catch (IOException e) {
            return ToolOutcome.failure("Cannot read " + target.subject() + ": " + e.getMessage());
        }
        if (attributes.isSymbolicLink()) {
            return ToolOutcome.failure(
                    target.subject() + " became a symbolic link after it was checked; nothing was read through it.");
        }
        if (attributes.isDirectory()) {
            return ToolOutcome.failure(target.subject() + " is a directory; use List to see what it holds.");
        }
        if (!attributes.isRegularFile()) {
            // A FIFO or a device would block the read or never end.
            return ToolOutcome.failure(target.subject() + " is not a regular file; Read shows text files only.");
        }
        try (SeekableByteChannel file = NoFollow.open(target.path(), StandardOpenOption.READ)) {
            if (TextFiles.isBinary(file)) {
                return ToolOutcome.failure(target.subject() + " is a binary file (" + TextFiles.size(file.size())
                        + "); Read shows text files only.");
            }
            return page(file, target, offset, limit);
        } catch (IOException e) {
            return ToolOutcome.failure("Cannot read " + target.subject() + ": " + e.getMessage());
        }
    }

    private static ToolOutcome page(SeekableByteChannel file, Target target, int offset, int limit) throws IOException {
        StringBuilder out = new StringBuilder();
        int total = 0;
        int last = offset - 1;
        try (BufferedReader reader = TextFiles.lenientReader(file)) {
            for (String line; (line = reader.readLine()) != null; ) {
                total++;
                if (total >= offset && total < offset + limit) {
                    out.append(String.format("%6d\t", total))
                            .append(TextFiles.cut(line, LINE_LIMIT))
                            .append('\n');
                    last = total;
                }
            }
        }
        if (total == 0) {
            return ToolOutcome.success("(" + target.subject() + " is empty)");
        }
        if (offset > total) {
            return ToolOutcome.failure("offset " + offset + " is past the end of " + target.subject() + " ("
                    + TextFiles.plural(total, "line") + ").");
        }
        if (offset > 1 || last < total) {
            out.append("[showing lines ")
                    .append(offset)
                    .append('-')
                    .append(last)
                    .append(" of ")
                    .append(total);
            if (last < total) {
                out.append("; continue with offset=").append(last + 1);
            }
            out.append(']');
        }
        return ToolOutcome.success(out.toString());
    }

    private static Target target(JsonNode input, ToolContext context) {
        return context.target(Inputs.requiredString(input, "path"));
    }
}
