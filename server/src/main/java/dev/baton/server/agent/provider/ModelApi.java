package dev.baton.server.agent.provider;

import dev.baton.server.agent.model.ModelEvent;
import dev.baton.server.agent.model.ModelException;
import dev.baton.server.agent.model.ModelRequest;
import dev.baton.server.agent.model.ModelResponse;
import java.util.function.Consumer;

/**
 * One provider's wire translation: a single attempt, no retries, no cancellation of its own. {@link
 * StreamingProvider} runs it on a virtual thread that it interrupts to cancel: a virtual thread
 * blocked on a socket closes the socket when interrupted, so the HTTP stream ends at once.
 */
interface ModelApi extends AutoCloseable {
    String displayName();

    /** Blocks until the answer is complete; emits events as they arrive. */
    ModelResponse attempt(ModelRequest request, Consumer<ModelEvent> emit) throws ModelException;

    @Override
    void close();
}
