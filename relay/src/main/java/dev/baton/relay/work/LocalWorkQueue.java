package dev.baton.relay.work;

import dev.baton.protocol.relay.WorkKind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The work queue of a single relay process. Live state only: a relay restart forgets queued work, and
 * the device that asked simply asks again.
 */
public final class LocalWorkQueue implements WorkQueue {
    private final Map<String, EnvironmentQueue> queues = new ConcurrentHashMap<>();

    /** Locks rather than monitors so a long poll never pins a virtual thread's carrier. */
    private static final class EnvironmentQueue {
        final ReentrantLock lock = new ReentrantLock();
        final Condition arrived = lock.newCondition();
        final Deque<PendingWork> items = new ArrayDeque<>();
        /** Sessions asked for (created or attached) and handed over, by session id: when (nanoTime). */
        final Map<String, Long> delivered = new HashMap<>();

        int polling;
        long lastPollNanos;
    }

    @Override
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

    @Override
    public Optional<PendingWork> poll(String environmentId, Duration wait) throws InterruptedException {
        EnvironmentQueue queue = queue(environmentId);
        queue.lock.lock();
        queue.polling++;
        try {
            long remaining = wait.toNanos();
            while (queue.items.isEmpty() && remaining > 0) {
                remaining = queue.arrived.awaitNanos(remaining);
            }
            PendingWork taken = queue.items.poll();
            if (taken != null) {
                queue.delivered.put(taken.sessionId(), System.nanoTime());
            }
            return Optional.ofNullable(taken);
        } finally {
            queue.polling--;
            queue.lastPollNanos = System.nanoTime();
            queue.lock.unlock();
        }
    }

    @Override
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

    @Override
    public Set<String> pendingSessions(String environmentId, Predicate<String> online) {
        EnvironmentQueue queue = queues.get(environmentId);
        if (queue == null) {
            return Set.of();
        }
        Set<String> asked = new HashSet<>();
        queue.lock.lock();
        try {
            asked.addAll(queue.delivered.keySet());
            queue.items.forEach(item -> asked.add(item.sessionId()));
        } finally {
            queue.lock.unlock();
        }
        // Asked outside the queue's lock: the hub offers work while holding its own.
        Set<String> hosted = asked.stream().filter(online).collect(Collectors.toSet());
        queue.lock.lock();
        try {
            long now = System.nanoTime();
            queue.delivered
                    .entrySet()
                    .removeIf(entry ->
                            hosted.contains(entry.getKey()) || now - entry.getValue() > PICKUP_GRACE.toNanos());
            Set<String> waiting = new HashSet<>(queue.delivered.keySet());
            queue.items.forEach(item -> waiting.add(item.sessionId()));
            waiting.removeAll(hosted);
            return waiting;
        } finally {
            queue.lock.unlock();
        }
    }

    @Override
    public void declined(String environmentId, String sessionId) {
        EnvironmentQueue queue = queues.get(environmentId);
        if (queue == null) {
            return;
        }
        queue.lock.lock();
        try {
            queue.delivered.remove(sessionId);
        } finally {
            queue.lock.unlock();
        }
    }

    @Override
    public void forget(String environmentId) {
        queues.remove(environmentId);
    }

    private EnvironmentQueue queue(String environmentId) {
        return queues.computeIfAbsent(environmentId, id -> new EnvironmentQueue());
    }
}
