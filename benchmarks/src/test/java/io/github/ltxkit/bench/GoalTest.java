package io.github.ltxkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoalTest {
    private static Measurement ms(double... samples) {
        return new Measurement("start", "ms", java.util.Arrays.stream(samples).boxed().toList());
    }

    @Test
    void anUpperBoundOnTheMedianIsMetAtTheBoundAndMissedAboveIt() {
        Goal goal = Goal.medianAtMost(2_000, "ms");

        assertThat(goal.text()).isEqualTo("median ≤ 2,000 ms");
        assertThat(goal.judge(ms(100, 2_000, 9_000))).isEqualTo(Goal.Verdict.MET);
        assertThat(goal.judge(ms(100, 2_001, 9_000))).isEqualTo(Goal.Verdict.MISSED);
    }

    @Test
    void aLowerBoundOnTheMedianIsMissedBelowIt() {
        Goal goal = Goal.medianAtLeast(200, "MB/s");
        Measurement slow = new Measurement("encode", "MB/s", List.of(150.0, 199.0, 400.0));

        assertThat(goal.text()).isEqualTo("median ≥ 200 MB/s");
        assertThat(goal.judge(slow)).isEqualTo(Goal.Verdict.MISSED);
        assertThat(goal.judge(slow).mark()).isEqualTo("❌");
    }

    @Test
    void noGoalJudgesNothing() {
        assertThat(Goal.none().judge(ms(1))).isEqualTo(Goal.Verdict.NO_GOAL);
        assertThat(Goal.none().text()).isEqualTo("no goal; for reference");
    }

    @Test
    void aGoalInOneUnitRefusesToJudgeAFigureInAnother() {
        Goal goal = Goal.medianAtLeast(200, "MB/s");

        assertThatThrownBy(() -> goal.judge(ms(1)))
                .hasMessage("a goal in MB/s cannot judge \"start\", measured in ms");
    }
}
