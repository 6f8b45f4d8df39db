package dev.baton.bench;

import java.time.Duration;
import java.util.Locale;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Durations recorded from any thread, read back as percentiles in milliseconds. HdrHistogram keeps three
 * significant digits from a microsecond to ten minutes, so a p99 is read, not estimated from buckets.
 */
public final class Latencies {
    private static final long HIGHEST_MICROS = Duration.ofMinutes(10).toNanos() / 1000;

    private final Histogram micros = new ConcurrentHistogram(1, HIGHEST_MICROS, 3);

    public void recordNanos(long nanos) {
        micros.recordValue(Math.clamp(nanos / 1000, 1, HIGHEST_MICROS));
    }

    /** Adds everything {@code other} recorded. */
    public void add(Latencies other) {
        micros.add(other.micros);
    }

    public long count() {
        return micros.getTotalCount();
    }

    /** The value at {@code percentile} (0 to 100), in milliseconds. */
    public double millisAt(double percentile) {
        return micros.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMillis() {
        return micros.getMaxValue() / 1000.0;
    }

    /** {@code n=… p50=… p95=… p99=… max=…} in milliseconds. */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "n=%d p50=%.2f ms p95=%.2f ms p99=%.2f ms max=%.2f ms",
                count(),
                millisAt(50),
                millisAt(95),
                millisAt(99),
                maxMillis());
    }

    /** {@code this} over {@code baseline} at {@code percentile}, e.g. 3.4 for "3.4× the baseline". */
    public double ratioTo(Latencies baseline, double percentile) {
        return millisAt(percentile) / baseline.millisAt(percentile);
    }
}
