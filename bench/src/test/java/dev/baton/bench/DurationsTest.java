package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DurationsTest {
    @Test
    void readsMillisecondsSecondsAndMinutes() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void refusesAnythingElseSayingWhatItTakes() {
        assertThatThrownBy(() -> Durations.parse("PT5S"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a duration like 500ms, 15s or 2m: 'PT5S'");
        assertThatThrownBy(() -> Durations.parse("5 s")).isInstanceOf(IllegalArgumentException.class);
    }
}
