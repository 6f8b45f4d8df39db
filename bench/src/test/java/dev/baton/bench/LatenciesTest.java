package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LatenciesTest {
    @Test
    void readsPercentilesInMillisecondsToThreeSignificantDigits() {
        Latencies latencies = new Latencies();
        for (int millis = 1; millis <= 100; millis++) {
            latencies.recordNanos(Duration.ofMillis(millis).toNanos());
        }

        assertThat(latencies.count()).isEqualTo(100);
        assertThat(latencies.millisAt(50)).isCloseTo(50, within(0.1));
        assertThat(latencies.millisAt(95)).isCloseTo(95, within(0.1));
        assertThat(latencies.maxMillis()).isCloseTo(100, within(0.1));
        assertThat(latencies.summary()).startsWith("n=100 p50=50.");
    }

    @Test
    void comparesWithABaselineAtAPercentile() {
        Latencies baseline = new Latencies();
        Latencies measured = new Latencies();
        baseline.recordNanos(Duration.ofMillis(2).toNanos());
        measured.recordNanos(Duration.ofMillis(6).toNanos());

        assertThat(measured.ratioTo(baseline, 50)).isCloseTo(3.0, within(0.01));
    }

    @Test
    void addsWhatAnotherRecorded() {
        Latencies all = new Latencies();
        Latencies round = new Latencies();
        round.recordNanos(Duration.ofMillis(7).toNanos());
        all.add(round);
        all.add(round);

        assertThat(all.count()).isEqualTo(2);
        assertThat(all.millisAt(100)).isCloseTo(7, within(0.01));
    }
}
