package io.github.ltxkit.bench.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;

class SuiteRunTest {
    /** A suite whose third test fails. */
    @ExtendWith(OverheadSuite.OnlyInBenchmark.class)
    static class FailingSuite {
        @RepeatedTest(OverheadSuite.TESTS)
        void smallTest(RepetitionInfo repetition, TestReporter reporter) {
            reporter.publishEntry(OverheadSuite.BODY_NANOS, "1000");
            if (repetition.getCurrentRepetition() == 3) {
                throw new AssertionError("repetition 3 fails on purpose");
            }
        }
    }

    @Test
    void aRunSelectsTheFirstTestsOfTheSuiteAndTimesEachOneInOrder() throws Exception {
        SuiteRun run = SuiteRun.of(OverheadSuite.WithoutDatabases.class, 5);

        assertThat(run.overheadsMs()).hasSize(5).allSatisfy(ms -> assertThat(ms).isPositive());
        assertThat(run.windowsMs()).isGreaterThanOrEqualTo(run.overheadsMs().stream().mapToDouble(d -> d).sum());
        assertThat(run.planMs()).isGreaterThanOrEqualTo(run.windowsMs());
        assertThat(run.phases()).isEmpty();
        assertThat(run.databaseBytes()).isZero();
    }

    @Test
    void eachTestOfTheSuiteWithDatabasesGetsItsOneMegabyteDatabaseAndTheExtensionsPhasesAreRead() throws Exception {
        SuiteRun run = SuiteRun.of(OverheadSuite.WithDatabases.class, 2);

        assertThat(run.overheadsMs()).hasSize(2);
        assertThat(run.databaseBytes()).isEqualTo(252 * 4096);
        assertThat(run.phases()).containsKeys("allocate", "seed", "open", "connect", "close", "discard");
        assertThat(run.phases().get("open")).hasSize(2);
    }

    @Test
    void anAddedRequestLatencyHoldsTheRequestsOfSeedingAndOpeningEachDatabase() throws Exception {
        SuiteRun run = SuiteRun.of(OverheadSuite.WithDatabases.class, 2, 40);

        assertThat(run.overheadsMs()).hasSize(2).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(80));
        assertThat(run.phases().get("seed")).hasSize(2).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(40));
        assertThat(run.phases().get("open")).hasSize(2).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(40));
    }

    @Test
    void aFailingTestFailsTheRunWithItsMessage() {
        assertThatThrownBy(() -> SuiteRun.of(FailingSuite.class, 4))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the overhead suite FailingSuite did not pass:\nrepetition 3 of 200: ")
                .hasMessageContaining("repetition 3 fails on purpose");
    }

    @Test
    void aRunHasOneToTwoHundredTests() {
        assertThatThrownBy(() -> SuiteRun.of(OverheadSuite.WithoutDatabases.class, 0))
                .hasMessage("a suite run has 1 to 200 tests, not 0");
    }
}
