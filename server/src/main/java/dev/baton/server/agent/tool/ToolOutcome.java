package dev.baton.server.agent.tool;

/**
 * The result of a call. {@code output} is kept whole in the session log for people; the model gets
 * {@link #forModel()}, which is cut to a size a context window can afford.
 *
 * @param exitCode the process exit status, for Shell only
 */
public record ToolOutcome(boolean ok, String output, Integer exitCode) {
    /** How much of an output the model sees. */
    public static final int MODEL_LIMIT = 30_000;

    public static ToolOutcome success(String output) {
        return new ToolOutcome(true, output, null);
    }

    public static ToolOutcome failure(String output) {
        return new ToolOutcome(false, output, null);
    }

    public String forModel() {
        if (output.length() <= MODEL_LIMIT) {
            return output;
        }
        return output.substring(0, MODEL_LIMIT)
                + "\n[output truncated: " + (output.length() - MODEL_LIMIT)
                + " more characters; the person sees it in full]";
    }
}
