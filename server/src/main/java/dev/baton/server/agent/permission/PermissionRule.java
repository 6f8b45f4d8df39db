package dev.baton.server.agent.permission;

import dev.baton.server.agent.tool.PathGlob;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One allow or deny rule, written {@code Tool} (every call of that tool) or {@code Tool(pattern)}.
 * For {@code Shell} the pattern is a command's exact words, or its first words followed by {@code :*}
 * ({@code Shell(npm test:*)}), matched against every command of a line (see {@link ShellVerdicts}); for the file tools it is a {@link PathGlob} on the path relative to the
 * working directory ({@code Edit(src/**)}); for any other tool it is matched exactly.
 *
 * @param pattern null for a bare tool name
 */
public record PermissionRule(String tool, String pattern) {
    public static final String SHELL = "Shell";
    public static final Set<String> FILE_TOOLS = Set.of("Read", "Write", "Edit", "List", "Glob", "Grep");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern TEXT = Pattern.compile("(" + NAME + ")(?:\\((.*)\\))?", Pattern.DOTALL);

    public PermissionRule {
        Objects.requireNonNull(tool, "tool");
        if (!NAME.matcher(tool).matches()) {
            throw new IllegalArgumentException("not a tool name: " + tool);
        }
        if (pattern != null && pattern.isEmpty()) {
            throw new IllegalArgumentException(
                    tool + "() has an empty pattern; write " + tool + " to match every call");
        }
        if (pattern != null && FILE_TOOLS.contains(tool)) {
            PathGlob.compile(pattern); // a broken glob is refused now, not at the first call
        }
    }

    /**
     * Reads {@code Tool} or {@code Tool(pattern)}.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static PermissionRule parse(String text) {
        Matcher matcher = TEXT.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "not a permission rule: \"" + text + "\" (expected Tool or Tool(pattern), e.g. Shell(npm test:*))");
        }
        try {
            return new PermissionRule(matcher.group(1), matcher.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a permission rule: \"" + text + "\": " + e.getMessage(), e);
        }
    }

    /**
     * Whether this rule, as an allow rule, covers a call of {@code tool} whose rule subject is {@code
     * subject}. For Shell that means every command of the line (see {@link ShellVerdicts}); a deny
     * rule matches more, and {@link PermissionPolicy} asks it through {@link ShellVerdicts#denying}.
     */
    public boolean matches(String tool, String subject) {
        if (!this.tool.equals(tool)) {
            return false;
        }
        if (pattern == null) {
            return true;
        }
        String given = subject == null ? "" : subject;
        if (SHELL.equals(tool)) {
            return ShellVerdicts.allowing(List.of(this), given).isPresent();
        }
        if (FILE_TOOLS.contains(tool)) {
            return PathGlob.compile(pattern).matches(given);
        }
        return pattern.equals(given);
    }

    @Override
    public String toString() {
        return pattern == null ? tool : tool + "(" + pattern + ")";
    }
}
