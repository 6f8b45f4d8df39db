package dev.baton.server.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Searches file contents for a regular expression. */
public final class GrepTool implements Tool {
    static final int MAX_MATCHES = 200;
    static final int LINE_LIMIT = 300;
    /** Bigger files are generated or data, not code worth searching line by line. */
    static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

    private static final JsonNode SCHEMA = Schema.object()
            .requiredString("pattern", "A Java regular expression, searched for within each line.")
            .string(
                    "path",
                    "A file or directory to search, relative to the working directory (or absolute)."
                            + " Default: the working directory.")
            .string(
                    "glob",
                    "Only search files matching this glob, e.g. `*.java` (matched against file names) or"
                            + " `src/**/*.ts` (matched against paths relative to `path` when it contains a `/`).")
            .bool("case_insensitive", "Ignore case. Default false.")
            .build();

    @Override
    public String name() {
        return "Grep";
    }

    @Override
    public String description() {
        return "Searches text files for lines matching a regular expression and returns them as"
                + " `path:line:text`, paths relative to the working directory, at most " + MAX_MATCHES
                + " matches. Skips binary files, files over 10 MB, `.git`, and symbolic links.";
    }

    @Override
    public JsonNode inputSchema() {
        return SCHEMA;
    }

    @Override
    public Access access(JsonNode input, ToolContext context) {
        Pattern regex = regex(input);
        fileFilter(input);
        return base(input, context).readAccess(name() + " \"" + regex.pattern() + "\" in");
    }

    @Override
    public ToolOutcome run(JsonNode input, ToolContext context) throws InterruptedException {
        Pattern regex = regex(input);
        PathGlob filter = fileFilter(input);
        Target base = base(input, context);
        if (!Files.exists(base.path())) {
            return ToolOutcome.failure("Not found: " + base.subject());
        }
        Search search = new Search(regex);
        try {
            if (Files.isDirectory(base.path())) {
                FileWalk.walk(base.path(), context.cancellation(), (file, attributes) -> {
                    if (searchable(attributes)
                            && (filter == null || filter.matches(filterSubject(filter, base, file)))) {
                        search.file(file, GlobTool.shown(base, file));
                    }
                    return !search.capped();
                });
            } else {
                search.file(base.path(), base.subject());
            }
        } catch (IOException e) {
            return ToolOutcome.failure("Cannot search " + base.subject() + ": " + e);
        }
        return ToolOutcome.success(search.report(regex));
    }

    private static boolean searchable(BasicFileAttributes attributes) {
        return attributes.isRegularFile() && attributes.size() <= MAX_FILE_BYTES;
    }

    private static String filterSubject(PathGlob filter, Target base, Path file) {
        return filter.toString().contains("/")
                ? GlobTool.relative(base.path(), file)
                : file.getFileName().toString();
    }

    /** The matches found so far, capped. */
    private static final class Search {
        private final Pattern regex;
        private final List<String> lines = new ArrayList<>();
        private boolean capped;

        Search(Pattern regex) {
            this.regex = regex;
        }

        void file(Path path, String shown) throws IOException {
            try (SeekableByteChannel file = NoFollow.open(path, StandardOpenOption.READ)) {
                if (!TextFiles.isBinary(file)) {
                    search(file, shown);
                }
            } catch (IOException e) {
                // unreadable, or swapped for a symlink since it was listed: skipped like a binary file
            }
        }

        private void search(SeekableByteChannel file, String shown) throws IOException {
            try (BufferedReader reader = TextFiles.lenientReader(file)) {
                int number = 0;
                for (String line; (line = reader.readLine()) != null; ) {
                    number++;
                    if (regex.matcher(line).find()) {
                        if (lines.size() >= MAX_MATCHES) {
                            capped = true;
                            return;
                        }
                        lines.add(shown + ":" + number + ":" + TextFiles.cut(line, LINE_LIMIT));
                    }
                }
            }
        }

        /** Whether a match had to be left out: the results are incomplete and the search can stop. */
        boolean capped() {
            return capped;
        }

        String report(Pattern regex) {
            if (lines.isEmpty()) {
                return "No matches for " + regex.pattern();
            }
            String text = String.join("\n", lines) + "\n";
            return capped
                    ? text + "[stopped at " + MAX_MATCHES + " matches; narrow the pattern, path or glob]\n"
                    : text;
        }
    }

    private static Pattern regex(JsonNode input) {
        String pattern = Inputs.requiredString(input, "pattern");
        int flags =
                Inputs.optionalBoolean(input, "case_insensitive") ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
        try {
            return Pattern.compile(pattern, flags);
        } catch (PatternSyntaxException e) {
            throw new ToolInputException("the pattern is not a valid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    private static PathGlob fileFilter(JsonNode input) {
        try {
            return Inputs.optionalString(input, "glob").map(PathGlob::compile).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new ToolInputException(e.getMessage());
        }
    }

    private static Target base(JsonNode input, ToolContext context) {
        return context.target(Inputs.optionalString(input, "path").orElse("."));
    }
}
