package dev.baton.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void readsWholeNumbersWithUnits() {
        assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationText.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationText.parse(" 1h ")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("2500ms")).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void anythingElseIsRefusedWithWhatWasExpected() {
        for (String bad : new String[] {"", "10", "ten minutes", "10 m", "-5s", "1.5h", "10d", "m10"}) {
            assertThatThrownBy(() -> DurationText.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected a duration such as 30s, 10m or 1h, got '" + bad + "'");
        }
        assertThatThrownBy(() -> DurationText.parse("99999999999999999999h")).hasMessageContaining("too long");
        assertThatThrownBy(() -> DurationText.parsePositive("0s")).hasMessageContaining("longer than zero");
    }

    @Test
    void formatsTheShortestTextThatReadsBack() {
        assertThat(DurationText.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(DurationText.format(Duration.ofSeconds(3))).isEqualTo("3s");
        assertThat(DurationText.format(Duration.ofMillis(2500))).isEqualTo("2500ms");
        for (String text : new String[] {"30s", "10m", "1h", "1h1m1s", "750ms"}) {
            assertThat(DurationText.format(DurationText.parse(text))).isEqualTo(text);
        }
    }
}
