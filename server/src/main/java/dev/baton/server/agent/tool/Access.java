package dev.baton.server.agent.tool;

/** What a tool call needs before it may run. */
public sealed interface Access {
    /** Runs unasked. */
    record Free() implements Access {}

    /**
     * Waits for a person's decision, unless a permission rule already decides it.
     *
     * @param summary one line for the prompt, e.g. {@code Write src/App.java (1.2 KB)}
     * @param ruleSubject what rules match against: the command for Shell ({@code Shell(npm test:*)}),
     *     the path relative to the working directory for file tools ({@code Edit(src/**)}), empty for
     *     tools whose rules name only the tool ({@code mcp__github__create_issue})
     */
    record NeedsPermission(String summary, String ruleSubject) implements Access {}
}
