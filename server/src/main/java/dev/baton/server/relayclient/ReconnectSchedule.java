package dev.baton.server.relayclient;

import dev.baton.server.retry.Backoff;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * When to try the relay again during an outage. While the outage is young (its first minute) the
 * network most likely blinked, so retries come at most 2 s apart (uniform between 0.25 s and 1.75 s,
 * a mean of 1 s), which keeps "network back → online" under 2 s. After that the relay is probably
 * really gone and the delays double, jittered between half and all of 4, 8, 16 and then 30 s, so that
 * many backends cut off together do not return in lockstep.
 *
 * <p>It also tells how long the current outage has lasted, which the offline limit is measured
 * against. Time is the monotonic clock, injected so that tests need not wait.
 */
public final class ReconnectSchedule {
    static final Duration YOUNG_OUTAGE = Duration.ofMinutes(1);
    static final Duration QUICK_MIN = Duration.ofMillis(250);
    static final Duration QUICK_MAX = Duration.ofMillis(1750);
    static final Backoff SLOW = new Backoff(Duration.ofSeconds(4), Duration.ofSeconds(30));

    private final LongSupplier nanoTime;
    private final RandomGenerator random;
    /** When the outage began ({@link #nanoTime}), or null while connected. */
    private Long outageStart;
    /** Delays handed out since the outage stopped being young. */
    private int slowAttempts;

    /** Starts in an outage: until the first connection works, the relay has not been reached. */
    public ReconnectSchedule(LongSupplier nanoTime, RandomGenerator random) {
        this.nanoTime = nanoTime;
        this.random = random;
        this.outageStart = nanoTime.getAsLong();
    }

    public static ReconnectSchedule systemTime() {
        return new ReconnectSchedule(System::nanoTime, RandomGenerator.getDefault());
    }

    /** The relay was reached: the next failure begins a new outage. */
    public synchronized void connected() {
        outageStart = null;
        slowAttempts = 0;
    }

    /**
     * The outage begins again now, with quick retries and its clock at zero: the machine woke from a
     * sleep, so the network it had may be back and the time asleep is not time spent trying.
     */
    public synchronized void restart() {
        outageStart = nanoTime.getAsLong();
        slowAttempts = 0;
    }

    /** The wait before the next attempt; the first one after {@link #connected()} starts an outage. */
    public synchronized Duration nextDelay() {
        if (outageStart == null) {
            outageStart = nanoTime.getAsLong();
        }
        if (outage().compareTo(YOUNG_OUTAGE) < 0) {
            return between(QUICK_MIN, QUICK_MAX);
        }
        return SLOW.delay(slowAttempts++, random);
    }

    /** How long the relay has been unreachable; zero while connected. */
    public synchronized Duration outage() {
        return outageStart == null ? Duration.ZERO : Duration.ofNanos(nanoTime.getAsLong() - outageStart);
    }

    private Duration between(Duration low, Duration high) {
        return Duration.ofMillis(random.nextLong(low.toMillis(), high.toMillis() + 1));
    }
}
