package dev.baton.server.agent.tool;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** Creates or replaces a whole file. */
public final class WriteTool implements Tool {
    private static final JsonNode SCHEMA = Schema.object()
            .requiredString("path", "The file to write, relative to the working directory (or absolute).")
            .requiredString("content", "The complete new content of the file.")
            .build();

    @Override
    public String name() {
        return "Write";
    }

    @Override
    public String description() {
        return "Writes `content` to a file as UTF-8, replacing the file if it exists and creating it (and any"
                + " missing parent directories) if not. Prefer Edit for changing part of an existing file."
                + " Asks the user for permission.";
    }

    @Override
    public JsonNode inputSchema() {
        return SCHEMA;
    }

    @Override
    public Access access(JsonNode input, ToolContext context) {
        Target target = target(input, context);
        long bytes = Inputs.requiredString(input, "content").getBytes(UTF_8).length;
        return new Access.NeedsPermission(
                "Write " + target.subject() + " (" + TextFiles.size(bytes) + ")", target.subject());
    }

    @Override
    public ToolOutcome run(JsonNode input, ToolContext context) {
        Target target = target(input, context);
        byte[] content = Inputs.requiredString(input, "content").getBytes(UTF_8);
        try {
            Optional<BasicFileAttributes> existing = NoFollow.find(target.path());
            if (existing.isPresent() && existing.get().isDirectory()) {
                return ToolOutcome.failure(target.subject() + " is a directory; give the path of a file.");
            }
            boolean existed = existing.isPresent();
            // Missing parents are made by path; the file itself is then opened through them with no
            // symlink followed, so a parent swapped for a link fails the write instead of redirecting it.
            Files.createDirectories(target.path().getParent());
            try (SeekableByteChannel file = NoFollow.open(
                    target.path(),
                    StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    file.write(buffer);
                }
            }
            return ToolOutcome.success((existed ? "Replaced " : "Created ") + target.subject() + " ("
                    + TextFiles.size(content.length) + ", " + TextFiles.plural(lines(content), "line") + ")");
        } catch (IOException e) {
            return ToolOutcome.failure("Cannot write " + target.subject() + ": " + e.getMessage());
        }
    }

    private static long lines(byte[] content) {
        long newlines = 0;
        for (byte b : content) {
            if (b == '\n') {
                newlines++;
            }
        }
        boolean unterminated = content.length > 0 && content[content.length - 1] != '\n';
        return newlines + (unterminated ? 1 : 0);
    }

    private static Target target(JsonNode input, ToolContext context) {
        return context.target(Inputs.requiredString(input, "path"));
    }
}
