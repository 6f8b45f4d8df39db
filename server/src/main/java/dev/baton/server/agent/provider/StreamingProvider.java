package dev.baton.server.agent.provider;

import dev.baton.server.agent.model.Cancellation;
import dev.baton.server.agent.model.ModelEvent;
import dev.baton.server.agent.model.ModelException;
import dev.baton.server.agent.model.ModelFailure;
import dev.baton.server.agent.model.ModelProvider;
import dev.baton.server.agent.model.ModelRequest;
import dev.baton.server.agent.model.ModelResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Runs a {@link ModelApi} with retries and prompt cancellation; the same for every provider.
 *
 * <p>Retries are done here rather than by the SDKs (which are built with {@code maxRetries(0)}):
 * the SDKs' backoff cannot be configured or interrupted and says nothing while it waits, whereas
 * here the wait ends the moment the turn is cancelled, the policy is configurable (tests use
 * milliseconds), and each retry is announced to the listener.
 *
 * <p>Each attempt runs on its own virtual thread, which streams events through a queue to the
 * calling thread; cancelling interrupts it, which closes its socket, and the caller returns at once
 * without waiting for it.
 */
public final class StreamingProvider implements ModelProvider {
    private final ModelApi api;
    private final RetryPolicy policy;

    StreamingProvider(ModelApi api, RetryPolicy policy) {
        this.api = api;
        this.policy = policy;
    }

    @Override
    public String displayName() {
        return api.displayName();
    }

    @Override
    public ModelResponse stream(ModelRequest request, Consumer<ModelEvent> listener, Cancellation cancellation)
            throws ModelException {
        for (int attempt = 1; ; attempt++) {
            if (cancellation.isCancelled()) {
                throw cancelled();
            }
            Attempt current = new Attempt();
            try {
                return current.run(request, listener, cancellation);
            } catch (ModelException e) {
                Optional<Duration> delay =
                        current.delivered ? Optional.empty() : policy.delayAfter(attempt, e.failure());
                if (delay.isEmpty()) {
                    throw attempt > 1 ? e.afterAttempts(attempt) : e;
                }
                listener.accept(new ModelEvent.Retrying(attempt, policy.maxAttempts(), delay.get(), e.failure()));
                try {
                    if (cancellation.await(delay.get())) {
                        throw cancelled();
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw cancelled();
                }
            }
        }
    }

    private ModelException cancelled() {
        return new ModelException(api.displayName(), new ModelFailure.Cancelled(), null);
    }

    /** What the reading thread hands the calling thread, besides events. */
    private sealed interface Outcome {
        record Finished(ModelResponse response) implements Outcome {}

        record Failed(ModelException exception) implements Outcome {}

        record Cancelled() implements Outcome {}
    }

    private final class Attempt {
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        /** Whether the listener has seen part of this attempt's answer: then it must not be retried. */
        private boolean delivered;

        ModelResponse run(ModelRequest request, Consumer<ModelEvent> listener, Cancellation cancellation)
                throws ModelException {
            Thread reader = Thread.ofVirtual().name("model-stream").start(() -> read(request));
            try (Cancellation.Registration ignored = cancellation.onCancel(() -> {
                // Queue the cancellation before interrupting: the interrupted reader reports a broken
                // stream, and that report must not overtake the reason it broke.
                queue.add(new Outcome.Cancelled());
                reader.interrupt();
            })) {
                while (true) {
                    switch (queue.take()) {
                        case ModelEvent event -> {
                            delivered = true;
                            listener.accept(event);
                        }
                        case Outcome.Finished finished -> {
                            return finished.response();
                        }
                        case Outcome.Failed failed -> throw failed.exception();
                        case Outcome.Cancelled c -> throw cancelled();
                        default -> throw new IllegalStateException("unexpected item in the stream queue");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw cancelled();
            } finally {
                // Whatever ended the wait, the reader must not go on holding a connection.
                reader.interrupt();
            }
        }

        private void read(ModelRequest request) {
            try {
                queue.add(new Outcome.Finished(api.attempt(request, queue::add)));
            } catch (ModelException e) {
                queue.add(new Outcome.Failed(e));
            } catch (RuntimeException e) {
                // The SDKs report I/O trouble in unchecked exceptions of their own; ModelApi maps the
                // ones it knows, and anything else must still end the caller's wait.
                queue.add(new Outcome.Failed(new ModelException(
                        api.displayName(), new ModelFailure.ConnectionLost(String.valueOf(e.getMessage())), e)));
            }
        }
    }

    @Override
    public void close() {
        api.close();
    }
}
