package dev.baton.relay.work;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Work waiting for server-mode environments, and who is long-polling for it: {@link LocalWorkQueue} in
 * one relay process, or a Redis one that every node of a deployment shares, so a device's request on one
 * node reaches the environment polling another. Each item is taken by exactly one poll.
 */
public interface WorkQueue {
    /**
     * How long a session handed to its environment keeps its place against the capacity while its host
     * connects; past this, a backend that took the work and never hosted it stops counting.
     */
    Duration PICKUP_GRACE = Duration.ofSeconds(30);

    /** Queues {@code work}; an attach for a session already waiting to be attached is dropped. */
    void offer(String environmentId, PendingWork work);

    /** Waits up to {@code wait} for work; empty when none came. */
    Optional<PendingWork> poll(String environmentId, Duration wait) throws InterruptedException;

    /** Whether the environment is polling now or polled within {@code recent}. */
    boolean isPolling(String environmentId, Duration recent);

    /**
     * Sessions asked for (created or attached) whose host is not online yet, each once, which count against
     * the environment's capacity: those not picked up, and those picked up within {@link #PICKUP_GRACE}
     * whose host has not connected yet (without them, requests in that moment would pass the capacity).
     */
    Set<String> pendingSessions(String environmentId, Predicate<String> online);

    /** The environment will not host the session it was handed: it stops counting against the capacity. */
    void declined(String environmentId, String sessionId);

    /** Drops the environment's queue (it deregistered). */
    void forget(String environmentId);

    /** For long polls that must not outlast the request's own limits. */
    static Duration clamp(long waitMs, Duration max) {
        return Duration.ofMillis(Math.max(0, Math.min(waitMs, max.toMillis())));
    }
}
