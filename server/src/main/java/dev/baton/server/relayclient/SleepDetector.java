package dev.baton.server.relayclient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Notices that the machine slept. The monotonic clock ({@code System.nanoTime}, CLOCK_MONOTONIC on
 * Linux) stands still while a laptop is suspended and the wall clock does not, so between two checks
 * the wall clock jumps ahead of it by the time asleep. Checked every second or so; a jump of several
 * seconds is a sleep rather than a clock adjustment or a pause of this JVM, which both clocks see.
 *
 * <p>After a sleep every timer measured on the monotonic clock is wrong: the stream looks recently
 * heard although the relay gave up on it long ago, and tokens may have expired. The caller renews the
 * tokens and reconnects at once.
 */
public final class SleepDetector {
    /** Wall-clock time gained on the monotonic clock that counts as a sleep. */
    static final Duration THRESHOLD = Duration.ofSeconds(5);

    private final Clock wall;
    private final LongSupplier nanoTime;
    private Instant lastWall;
    private long lastNanos;

    public SleepDetector(Clock wall, LongSupplier nanoTime) {
        this.wall = wall;
        this.nanoTime = nanoTime;
        this.lastWall = wall.instant();
        this.lastNanos = nanoTime.getAsLong();
    }

    /** How long the machine slept since the last check, if it did. */
    public synchronized Optional<Duration> check() {
        Instant nowWall = wall.instant();
        long nowNanos = nanoTime.getAsLong();
        Duration gained = Duration.between(lastWall, nowWall).minusNanos(nowNanos - lastNanos);
        lastWall = nowWall;
        lastNanos = nowNanos;
        return gained.compareTo(THRESHOLD) >= 0 ? Optional.of(gained) : Optional.empty();
    }
}
