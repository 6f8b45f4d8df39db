package dev.baton.bench.reconnect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How long each network cut lasts: drawn uniformly between two bounds from a seeded generator, so a run
 * can be replayed exactly from the seed it prints. Cut {@code i} belongs to host {@code i % hosts}.
 */
record CutPlan(long seed, List<Duration> cuts) {
    static CutPlan draw(long seed, int count, Duration shortest, Duration longest) {
        if (count < 1 || shortest.compareTo(longest) > 0 || shortest.isNegative()) {
            throw new IllegalArgumentException("need at least one cut and 0 <= shortest <= longest, got " + count + ", "
                    + shortest + ", " + longest);
        }
        Random random = new Random(seed);
        List<Duration> cuts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            cuts.add(Duration.ofMillis(random.nextLong(shortest.toMillis(), longest.toMillis() + 1)));
        }
        return new CutPlan(seed, List.copyOf(cuts));
    }

    /** The indexes of the cuts {@code host} (0-based, of {@code hosts}) carries out, in order. */
    List<Integer> cutsOf(int host, int hosts) {
        List<Integer> mine = new ArrayList<>();
        for (int i = host; i < cuts.size(); i += hosts) {
            mine.add(i);
        }
        return mine;
    }
}
