package dev.baton.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WhenTextTest {
    /** 2026-12-05 01:30 in Berlin, 00:30 UTC. */
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-05T00:30:00Z"), ZoneId.of("Europe/Berlin"));

    @Test
    void todayYesterdayAndEarlierInTheMachinesTimeZone() {
        assertThat(WhenText.of(Instant.parse("2026-12-04T23:05:00Z"), clock)).isEqualTo("today 00:05");
        assertThat(WhenText.of(Instant.parse("2026-12-04T22:59:00Z"), clock)).isEqualTo("yesterday 23:59");
        assertThat(WhenText.of(Instant.parse("2026-12-02T09:00:00Z"), clock)).isEqualTo("2026-12-02 10:00");
    }
}
