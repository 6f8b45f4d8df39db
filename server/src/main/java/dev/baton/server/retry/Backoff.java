package dev.baton.server.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter, the one used for every retry: the ceiling starts at {@code first},
 * doubles with each attempt up to {@code max}, and the delay is drawn between half the ceiling and all
 * of it, so that many clients failing together do not come back in lockstep while none retries sooner
 * than half its ceiling.
 */
public record Backoff(Duration first, Duration max) {
    /** Beyond this many doublings every realistic ceiling is past {@code max}; it also keeps the shift in a long. */
    private static final int MAX_DOUBLINGS = 20;

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, got " + first + " and " + max);
        }
    }

    /** The longest wait after {@code attempt} earlier failures (0 for the first retry). */
    public Duration ceiling(int attempt) {
        long doubled = first.toNanos() << Math.min(Math.max(attempt, 0), MAX_DOUBLINGS);
        return Duration.ofNanos(Math.min(doubled, max.toNanos()));
    }

    /** The wait after {@code attempt} earlier failures: between half of {@link #ceiling} and all of it. */
    public Duration delay(int attempt, RandomGenerator random) {
        long ceiling = ceiling(attempt).toNanos();
        return Duration.ofNanos(random.nextLong(ceiling / 2, ceiling + 1));
    }
}
