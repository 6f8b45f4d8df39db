package dev.baton.bench.reconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CutPlanTest {
    private static final Duration SHORTEST = Duration.ofSeconds(5);
    private static final Duration LONGEST = Duration.ofSeconds(30);

    @Test
    void theSameSeedDrawsTheSameCutsWithinTheBounds() {
        CutPlan plan = CutPlan.draw(42, 50, SHORTEST, LONGEST);

        assertThat(plan.cuts())
                .hasSize(50)
                .isEqualTo(CutPlan.draw(42, 50, SHORTEST, LONGEST).cuts());
        assertThat(plan.cuts()).allSatisfy(cut -> assertThat(cut).isBetween(SHORTEST, LONGEST));
        assertThat(plan.cuts())
                .isNotEqualTo(CutPlan.draw(43, 50, SHORTEST, LONGEST).cuts());
    }

    @Test
    void everyCutBelongsToExactlyOneHost() {
        CutPlan plan = CutPlan.draw(7, 50, SHORTEST, LONGEST);

        List<Integer> all = new ArrayList<>();
        for (int host = 0; host < 8; host++) {
            int owner = host;
            List<Integer> mine = plan.cutsOf(owner, 8);
            assertThat(mine).hasSizeBetween(6, 7).isSorted().allSatisfy(index -> assertThat(index % 8)
                    .isEqualTo(owner));
            all.addAll(mine);
        }
        assertThat(all)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 50).boxed().toList());
    }

    @Test
    void refusesBoundsTheWrongWayRound() {
        assertThatThrownBy(() -> CutPlan.draw(1, 10, LONGEST, SHORTEST)).isInstanceOf(IllegalArgumentException.class);
    }
}
