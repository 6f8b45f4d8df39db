package dev.baton.server.agent.model;

/** Tokens one response cost; zero when the server did not say. */
public record Usage(long inputTokens, long outputTokens) {
    public static final Usage NONE = new Usage(0, 0);

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
    }
}
