package dev.baton.server.agent.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds files whose path matches a glob. */
public final class GlobTool implements Tool {
    static final int MAX_RESULTS = 500;

    private static final JsonNode SCHEMA = Schema.object()
            .requiredString(
                    "pattern",
                    "A glob relative to `path`, e.g. `src/**/*.java` or `**/*.{ts,tsx}`. `*` and `?` stay within"
                            + " one directory name; `**` crosses directories.")
            .string(
                    "path",
                    "The directory to search from, relative to the working directory (or absolute)."
                            + " Default: the working directory.")
            .build();

    @Override
    public String name() {
        return "Glob";
    }

    @Override
    public String description() {
        return "Finds files by path pattern, searching below `path` (default: the working directory) and skipping"
                + " `.git`; symbolic links are listed, not followed. Returns matching file paths relative to the"
                + " working directory, one per line, sorted, at most " + MAX_RESULTS + ".";
    }

    @Override
    public JsonNode inputSchema() {
        return SCHEMA;
    }

    @Override
    public Access access(JsonNode input, ToolContext context) {
        return base(input, context).readAccess(name() + " " + glob(input) + " in");
    }

    @Override
    public ToolOutcome run(JsonNode input, ToolContext context) throws InterruptedException {
        PathGlob glob = glob(input);
        Target base = base(input, context);
        if (!Files.isDirectory(base.path())) {
            return ToolOutcome.failure("Directory not found: " + base.subject());
        }
        List<String> matches = new ArrayList<>();
        try {
            FileWalk.walk(base.path(), context.cancellation(), (file, attributes) -> {
                if (!attributes.isDirectory() && glob.matches(relative(base.path(), file))) {
                    matches.add(shown(base, file));
                }
                return true;
            });
        } catch (IOException e) {
            return ToolOutcome.failure("Cannot search " + base.subject() + ": " + e);
        }
        if (matches.isEmpty()) {
            return ToolOutcome.success("No files match " + glob + " in " + base.subject());
        }
        matches.sort(null);
        StringBuilder out = new StringBuilder();
        matches.stream().limit(MAX_RESULTS).forEach(match -> out.append(match).append('\n'));
        if (matches.size() > MAX_RESULTS) {
            out.append("[")
                    .append(matches.size() - MAX_RESULTS)
                    .append(" more matches not shown; narrow the pattern]\n");
        }
        return ToolOutcome.success(out.toString());
    }

    /** How a found file is named in results: like a subject, relative inside and absolute outside. */
    static String shown(Target base, Path file) {
        String relative = relative(base.path(), file);
        if (!base.inside()) {
            return file.toString();
        }
        return base.subject().equals(".") ? relative : base.subject() + "/" + relative;
    }

    static String relative(Path base, Path file) {
        return base.relativize(file).toString().replace('\\', '/');
    }

    private static PathGlob glob(JsonNode input) {
        String pattern = Inputs.requiredString(input, "pattern");
        if (pattern.startsWith("/")) {
            throw new ToolInputException("the pattern is relative to `path`; put the directory in `path`");
        }
        try {
            return PathGlob.compile(pattern);
        } catch (IllegalArgumentException e) {
            throw new ToolInputException(e.getMessage());
        }
    }

    private static Target base(JsonNode input, ToolContext context) {
        return context.target(Inputs.optionalString(input, "path").orElse("."));
    }
}
