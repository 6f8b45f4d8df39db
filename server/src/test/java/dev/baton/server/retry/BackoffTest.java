package dev.baton.server.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(4), Duration.ofSeconds(30));

    @Test
    void theCeilingDoublesUpToTheMaximum() {
        assertThat(IntStream.range(0, 6).mapToObj(backoff::ceiling))
                .containsExactly(
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
        assertThat(backoff.ceiling(Integer.MAX_VALUE)).as("no overflow").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void delaysAreJitteredBetweenHalfTheCeilingAndAllOfIt() {
        Random random = new Random(7);
        var delays =
                IntStream.range(0, 200).mapToObj(i -> backoff.delay(1, random)).toList();
        assertThat(delays)
                .allSatisfy(delay -> assertThat(delay).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8)));
        assertThat(delays.stream().distinct().count()).as("jittered").isGreaterThan(150);
    }

    @Test
    void aFirstDelayOfZeroOrAboveTheMaximumIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("backoff needs 0 < first <= max, got PT0S and PT1S");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
