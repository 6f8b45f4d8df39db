package dev.baton.server.relayclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The schedule on an injected monotonic clock: each attempt "fails" after the delay it was given. */
class ReconnectScheduleTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ReconnectSchedule schedule = new ReconnectSchedule(nanos::get, new Random(42));

    @Test
    void aYoungOutageRetriesAtMostEveryTwoSecondsWithAMeanNearOne() {
        schedule.connected();
        List<Duration> delays = new ArrayList<>();
        while (schedule.outage().compareTo(Duration.ofSeconds(59)) < 0) {
            delays.add(waitOut(schedule.nextDelay()));
        }

        assertThat(delays).hasSizeGreaterThan(30).allSatisfy(delay -> assertThat(delay)
                .isBetween(Duration.ofMillis(250), Duration.ofMillis(1750)));
        double meanMillis =
                delays.stream().mapToLong(Duration::toMillis).average().orElseThrow();
        assertThat(meanMillis).isBetween(850.0, 1150.0);
        assertThat(delays.stream().distinct().count()).as("jittered").isGreaterThan(delays.size() / 2);
    }

    @Test
    void afterTheFirstMinuteDelaysDoubleWithJitterUpToThirtySeconds() {
        waitOut(Duration.ofSeconds(61));

        long[] ceilings = {4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000};
        for (long ceiling : ceilings) {
            assertThat(waitOut(schedule.nextDelay()).toMillis())
                    .as("ceiling %d ms", ceiling)
                    .isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void theOutageIsTimedFromTheFirstFailureAndEndsWhenConnected() {
        assertThat(schedule.outage())
                .as("not yet connected counts as unreachable")
                .isZero();
        waitOut(Duration.ofSeconds(3));
        assertThat(schedule.outage()).isEqualTo(Duration.ofSeconds(3));

        schedule.connected();
        waitOut(Duration.ofMinutes(5));
        assertThat(schedule.outage()).as("while connected").isZero();

        schedule.nextDelay();
        waitOut(Duration.ofSeconds(7));
        assertThat(schedule.outage()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void restartMakesTheOutageYoungAgain() {
        waitOut(Duration.ofMinutes(5));
        for (int i = 0; i < 6; i++) {
            waitOut(schedule.nextDelay());
        }
        assertThat(schedule.nextDelay()).isGreaterThanOrEqualTo(Duration.ofSeconds(15));

        schedule.restart(); // the machine woke up

        assertThat(schedule.outage()).isZero();
        assertThat(schedule.nextDelay()).isLessThanOrEqualTo(Duration.ofMillis(1750));
    }

    private Duration waitOut(Duration delay) {
        nanos.addAndGet(delay.toNanos());
        return delay;
    }
}
