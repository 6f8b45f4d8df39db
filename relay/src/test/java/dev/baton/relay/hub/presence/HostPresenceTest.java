package dev.baton.relay.hub.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.baton.protocol.frame.Frames.Presence;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HostPresenceTest {
    private static final Instant CAME = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant LEFT = Instant.parse("2026-01-01T10:05:00Z");

    private final Clock clock = mock(Clock.class);
    private final HostPresence presence = new HostPresence(clock);

    @Test
    void aSessionNeverHostedIsOfflineWithNoInstant() {
        assertThat(presence.isOnline("ses_1")).isFalse();
        assertThat(presence.since("ses_1")).isEmpty();
        assertThat(presence.set("ses_1", false))
                .as("offline already: nothing to tell")
                .isEmpty();
    }

    @Test
    void eachChangeIsToldOnceWithItsInstant() {
        when(clock.instant()).thenReturn(CAME, LEFT);

        assertThat(presence.set("ses_1", true)).contains(new Presence(true, CAME));
        assertThat(presence.set("ses_1", true)).isEmpty();
        assertThat(presence.isOnline("ses_1")).isTrue();
        assertThat(presence.isOnline("ses_2")).isFalse();

        assertThat(presence.set("ses_1", false)).contains(new Presence(false, LEFT));
        assertThat(presence.isOnline("ses_1")).isFalse();
        assertThat(presence.since("ses_1"))
                .as("offline since when, after the host stream is gone")
                .contains(LEFT);
    }
}
