package dev.baton.server.agent.model;

import java.util.function.Consumer;

/**
 * A model behind an API. Implementations are thread-safe and hold a connection pool: make one per
 * configuration and share it between sessions.
 */
public interface ModelProvider extends AutoCloseable {
    /** For messages: "Anthropic", "OpenAI-compatible endpoint http://localhost:11434/v1". */
    String displayName();

    /**
     * Sends {@code request} and streams the answer, blocking the calling thread (use a virtual
     * thread) until the answer is complete, fails, or is cancelled.
     *
     * <p>Events go to {@code listener} on the calling thread, in order: {@link
     * ModelEvent.TextDelta}s and {@link ModelEvent.ToolUseComplete}s as they arrive, {@link
     * ModelEvent.Retrying} before each retry, and {@link ModelEvent.MessageStop} last. A failure
     * before anything streamed is retried (see {@code RetryPolicy}); once events were delivered it is
     * not, since the listener already showed part of an answer.
     *
     * <p>{@code cancellation} may be triggered from any thread: the HTTP stream (or a retry wait) is
     * aborted at once and this method throws {@link ModelFailure.Cancelled}.
     *
     * @return the whole assistant message, with every tool use parsed
     * @throws ModelException for every failure, after retries; never a runtime exception for a
     *     failure of the server or the network
     */
    ModelResponse stream(ModelRequest request, Consumer<ModelEvent> listener, Cancellation cancellation)
            throws ModelException;

    /** Releases the connection pool. */
    @Override
    void close();
}
