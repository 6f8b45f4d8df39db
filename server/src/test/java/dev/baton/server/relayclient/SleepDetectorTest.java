package dev.baton.server.relayclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.testing.TestClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Both clocks injected: a suspend moves only the wall clock, a stalled JVM moves both. */
class SleepDetectorTest {
    private final TestClock wall = new TestClock();
    private final AtomicLong nanos = new AtomicLong();
    private final SleepDetector detector = new SleepDetector(wall, nanos::get);

    @Test
    void clocksMovingTogetherAreNoSleep() {
        for (int i = 0; i < 5; i++) {
            both(Duration.ofSeconds(1));
            assertThat(detector.check()).isEmpty();
        }
        both(Duration.ofMinutes(2)); // a long GC pause or SIGSTOP: both clocks see it
        assertThat(detector.check()).isEmpty();
    }

    @Test
    void theWallClockGainingOnTheMonotonicOneIsASleep() {
        both(Duration.ofSeconds(1));
        detector.check();

        wall.advance(Duration.ofMinutes(40)); // suspended: CLOCK_MONOTONIC stood still
        both(Duration.ofSeconds(1));

        assertThat(detector.check()).contains(Duration.ofMinutes(40));
        both(Duration.ofSeconds(1));
        assertThat(detector.check()).as("reported once").isEmpty();
    }

    @Test
    void smallClockAdjustmentsAreIgnored() {
        wall.advance(Duration.ofSeconds(2)); // an NTP step
        both(Duration.ofSeconds(1));
        assertThat(detector.check()).isEmpty();
        wall.advance(Duration.ofSeconds(-30)); // a clock set back is not a sleep either
        both(Duration.ofSeconds(1));
        assertThat(detector.check()).isEmpty();
    }

    private void both(Duration duration) {
        wall.advance(duration);
        nanos.addAndGet(duration.toNanos());
    }
}
