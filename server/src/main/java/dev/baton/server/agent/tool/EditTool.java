package dev.baton.server.agent.tool;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** Replaces exact text in a file, refusing when the text to replace is missing or ambiguous. */
public final class EditTool implements Tool {
    private static final JsonNode SCHEMA = Schema.object()
            .requiredString("path", "The file to edit, relative to the working directory (or absolute).")
            .requiredString(
                    "old_string",
                    "The exact text to replace, including whitespace and indentation. Must occur exactly once"
                            + " unless replace_all is true; include surrounding lines to make it unique.")
            .requiredString("new_string", "The text to put in its place.")
            .bool("replace_all", "Replace every occurrence of old_string instead of exactly one. Default false.")
            .build();

    @Override
    public String name() {
        return "Edit";
    }

    @Override
    public String description() {
        return "Replaces `old_string` with `new_string` in a UTF-8 text file, matching exactly (no regex, no"
                + " whitespace folding). Fails, changing nothing, when old_string is not found or occurs more than"
                + " once without replace_all; the error says how many times it occurs. Read the file first."
                + " Asks the user for permission.";
    }

    @Override
    public JsonNode inputSchema() {
        return SCHEMA;
    }

    @Override
    public Access access(JsonNode input, ToolContext context) {
        Target target = target(input, context);
        Inputs.requiredString(input, "old_string");
        Inputs.requiredString(input, "new_string");
        String what = Inputs.optionalBoolean(input, "replace_all") ? "replace all occurrences" : "replace 1 occurrence";
        return new Access.NeedsPermission("Edit " + target.subject() + " (" + what + ")", target.subject());
    }

    @Override
    public ToolOutcome run(JsonNode input, ToolContext context) {
        Target target = target(input, context);
        String oldString = Inputs.requiredString(input, "old_string");
        String newString = Inputs.requiredString(input, "new_string");
        boolean replaceAll = Inputs.optionalBoolean(input, "replace_all");
        if (oldString.isEmpty()) {
            throw new ToolInputException("old_string is empty; use Write to create a file or replace it whole");
        }
        if (oldString.equals(newString)) {
            throw new ToolInputException("old_string and new_string are the same; there is nothing to change");
        }
        try {
            Optional<BasicFileAttributes> attributes = NoFollow.find(target.path());
            if (attributes.isPresent() && attributes.get().isSymbolicLink()) {
                return ToolOutcome.failure(target.subject()
                        + " became a symbolic link after it was checked; nothing was changed through it.");
            }
            if (attributes.isEmpty() || !attributes.get().isRegularFile()) {
                return ToolOutcome.failure(
                        attributes.isPresent() && attributes.get().isDirectory()
                                ? target.subject() + " is a directory, not a file."
                                : "File not found: " + target.subject() + " (use Write to create it).");
            }
            // One channel reads and rewrites the file: the file changed is the file read and checked.
            try (SeekableByteChannel file =
                    NoFollow.open(target.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                byte[] bytes = Channels.newInputStream(file).readAllBytes();
                if (TextFiles.isBinary(bytes, bytes.length)) {
                    return ToolOutcome.failure(target.subject() + " is a binary file; Edit changes text files only.");
                }
                String text = decode(bytes);
                int count = occurrences(text, oldString);
                if (count == 0) {
                    return ToolOutcome.failure("old_string was not found in " + target.subject()
                            + "; nothing changed. Read the file and copy the text exactly, including whitespace.");
                }
                if (count > 1 && !replaceAll) {
                    return ToolOutcome.failure("old_string occurs " + count + " times in " + target.subject()
                            + "; nothing changed. Include more surrounding text to make it unique, or set"
                            + " replace_all to replace every occurrence.");
                }
                String edited =
                        replaceAll ? text.replace(oldString, newString) : replaceFirst(text, oldString, newString);
                file.truncate(0);
                file.position(0);
                ByteBuffer buffer = ByteBuffer.wrap(edited.getBytes(UTF_8));
                while (buffer.hasRemaining()) {
                    file.write(buffer);
                }
                return ToolOutcome.success(
                        "Edited " + target.subject() + ": replaced " + TextFiles.plural(count, "occurrence"));
            }
        } catch (CharacterCodingException e) {
            return ToolOutcome.failure(target.subject() + " is not UTF-8 text; Edit changes text files only.");
        } catch (IOException e) {
            return ToolOutcome.failure("Cannot edit " + target.subject() + ": " + e.getMessage());
        }
    }

    /** Strict decoding: re-encoding leniently decoded bytes would silently corrupt the file. */
    private static String decode(byte[] bytes) throws CharacterCodingException {
        return UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    private static String replaceFirst(String text, String oldString, String newString) {
        int at = text.indexOf(oldString);
        return text.substring(0, at) + newString + text.substring(at + oldString.length());
    }

    private static Target target(JsonNode input, ToolContext context) {
        return context.target(Inputs.requiredString(input, "path"));
    }
}
