package dev.baton.server.relayclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30), new Random(7));

    @Test
    void startsQuickDoublesWithJitterAndStopsAtTheCeiling() {
        long ceiling = 250;
        for (int attempt = 0; attempt < 12; attempt++) {
            long delay = backoff.next().toMillis();
            assertThat(delay).as("attempt %d", attempt).isBetween(ceiling / 2, ceiling);
            ceiling = Math.min(30_000, ceiling * 2);
        }
        assertThat(backoff.next()).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void resetStartsOverAfterAConnectionWorked() {
        for (int i = 0; i < 8; i++) {
            backoff.next();
        }
        backoff.reset();
        assertThat(backoff.next()).isLessThanOrEqualTo(Duration.ofMillis(250));
    }
}
