package dev.baton.server.session;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread on which a session changes its state: inputs and the ends of work are applied here,
 * one at a time, in the order they were posted. A task that fails is logged and the loop goes on.
 */
final class InputLoop {
    private static final Logger LOG = LoggerFactory.getLogger(InputLoop.class);

    private final String sessionId;
    private final ExecutorService executor;

    InputLoop(String sessionId) {
        this.sessionId = sessionId;
        this.executor = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("session-" + sessionId + "-inputs").factory());
    }

    /** Runs {@code task} after everything posted before it; dropped once the loop is shut down. */
    void post(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("session {}: unexpected failure on the input loop", sessionId, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("session {} is closed; dropped a task", sessionId);
        }
    }

    /** Runs what was posted so far, accepts nothing more, and waits at most {@code timeout} for it. */
    void shutdown(Duration timeout) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("session {}: work did not stop within {} s", sessionId, timeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
