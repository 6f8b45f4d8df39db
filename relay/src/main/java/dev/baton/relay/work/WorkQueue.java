package dev.baton.relay.work;

import dev.baton.protocol.relay.WorkKind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Work waiting for server-mode environments, and who is long-polling for it. Live state only: a
 * relay restart forgets queued work, and the device that asked simply asks again.
 */
public final class WorkQueue {
    private final Map<String, EnvironmentQueue> queues = new ConcurrentHashMap<>();

    /** Locks rather than monitors so a long poll never pins a virtual thread's carrier. */
    private static final class EnvironmentQueue {
        final ReentrantLock lock = new ReentrantLock();
        final Condition arrived = lock.newCondition();
        final Deque<PendingWork> items = new ArrayDeque<>();
        int polling;
        long lastPollNanos;
    }

    public void offer(String environmentId, PendingWork work) {
        EnvironmentQueue queue = queue(environmentId);
        queue.lock.lock();
        try {
            boolean duplicate = work.kind() == WorkKind.ATTACH
                    && queue.items.stream()
                            .anyMatch(item -> item.kind() == WorkKind.ATTACH
                                    && item.sessionId().equals(work.sessionId()));
            if (!duplicate) {
                queue.items.add(work);
                queue.arrived.signal();
            }
        } finally {
            queue.lock.unlock();
        }
    }

    /** Waits up to {@code wait} for work; empty when none came. */
    public Optional<PendingWork> poll(String environmentId, Duration wait) throws InterruptedException {
        EnvironmentQueue queue = queue(environmentId);
        queue.lock.lock();
        queue.polling++;
        try {
            long remaining = wait.toNanos();
            while (queue.items.isEmpty() && remaining > 0) {
                remaining = queue.arrived.awaitNanos(remaining);
            }
            return Optional.ofNullable(queue.items.poll());
        } finally {
            queue.polling--;
            queue.lastPollNanos = System.nanoTime();
            queue.lock.unlock();
        }
    }

    /** Whether the environment is polling now or polled within {@code recent}. */
    public boolean isPolling(String environmentId, Duration recent) {
        EnvironmentQueue queue = queues.get(environmentId);
        if (queue == null) {
            return false;
        }
        queue.lock.lock();
        try {
            return queue.polling > 0
                    || (queue.lastPollNanos != 0 && System.nanoTime() - queue.lastPollNanos < recent.toNanos());
        } finally {
            queue.lock.unlock();
        }
    }

    /** Sessions asked for and not yet picked up, which count against the environment's capacity. */
    public int pendingCreates(String environmentId) {
        EnvironmentQueue queue = queues.get(environmentId);
        if (queue == null) {
            return 0;
        }
        queue.lock.lock();
        try {
            return (int) queue.items.stream()
                    .filter(item -> item.kind() == WorkKind.CREATE)
                    .count();
        } finally {
            queue.lock.unlock();
        }
    }

    public void forget(String environmentId) {
        queues.remove(environmentId);
    }

    private EnvironmentQueue queue(String environmentId) {
        return queues.computeIfAbsent(environmentId, id -> new EnvironmentQueue());
    }

    /** For long polls that must not outlast the request's own limits. */
    public static Duration clamp(long waitMs, Duration max) {
        return Duration.ofMillis(Math.max(0, Math.min(waitMs, max.toMillis())));
    }
}
