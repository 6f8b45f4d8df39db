package dev.baton.server.agent.model;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-way switch that stops work from another thread: the agent loop makes one per turn, an
 * interrupt flips it, and every part of the turn (the model stream, a retry wait, a running tool)
 * stops promptly. Thread-safe.
 */
public final class Cancellation {
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final CopyOnWriteArrayList<Runnable> actions = new CopyOnWriteArrayList<>();

    /** Flips the switch and runs the registered actions once; later calls do nothing. */
    public void cancel() {
        synchronized (actions) {
            if (isCancelled()) {
                return;
            }
            cancelled.countDown();
        }
        actions.forEach(Runnable::run);
    }

    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /**
     * Runs {@code action} when this is cancelled, at once (on this thread) if it already is. Close the
     * returned registration when the work it stops has ended.
     */
    public Registration onCancel(Runnable action) {
        synchronized (actions) {
            if (!isCancelled()) {
                actions.add(action);
                return () -> actions.remove(action);
            }
        }
        action.run();
        return () -> {};
    }

    /** Waits up to {@code timeout} for a cancel; true when cancelled. */
    public boolean await(Duration timeout) throws InterruptedException {
        return cancelled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
