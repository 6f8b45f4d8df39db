package dev.baton.server.servermode;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws the status view from a thread of its own: callers include stream listeners, which hold their
 * stream's lock and must not block. Requests that come while one is drawn are drawn once, after it.
 */
final class ViewRedraws {
    private static final Logger log = LoggerFactory.getLogger(ViewRedraws.class);

    private final Runnable draw;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("status-view").factory());

    /** @param draw shows the state as it stands when it runs */
    ViewRedraws(Runnable draw) {
        this.draw = draw;
    }

    void request() {
        if (pending.getAndSet(true)) {
            return;
        }
        try {
            thread.execute(() -> {
                pending.set(false);
                try {
                    draw.run();
                } catch (RuntimeException e) {
                    log.warn("The status view failed: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException stopped) {
            // the host has stopped and drawn its last state
        }
    }

    /** Draws what was requested so far, then nothing more. */
    void stop() {
        thread.shutdown();
    }
}
