package dev.baton.server.agent.model;

/** Why the model stopped writing. */
public enum StopReason {
    /** It finished its answer. */
    END_TURN,
    /** It wants tools to run; send their results in the next request. */
    TOOL_USE,
    /** It hit {@link ModelRequest#maxTokens()}. */
    MAX_TOKENS,
    STOP_SEQUENCE,
    /** It declined to answer (Anthropic {@code refusal}, OpenAI {@code content_filter}). */
    REFUSAL,
    /** A reason this version does not know. */
    OTHER
}
