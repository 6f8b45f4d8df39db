package dev.baton.server.relayclient;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delays between reconnection attempts: quick at first (a blip heals in well under a second), doubling
 * up to a ceiling, each one jittered so that many backends cut off at once do not return in lockstep.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The next delay: uniformly between half and all of {@code min(max, initial·2^attempt)}. */
    public synchronized Duration next() {
        long ceiling = max.toMillis();
        long base = Math.min(ceiling, initial.toMillis() << Math.min(attempt, 30));
        attempt++;
        long half = base / 2;
        return Duration.ofMillis(half + random.nextLong(base - half + 1));
    }

    /** Start again from {@code initial}: the last connection worked. */
    public synchronized void reset() {
        attempt = 0;
    }
}
