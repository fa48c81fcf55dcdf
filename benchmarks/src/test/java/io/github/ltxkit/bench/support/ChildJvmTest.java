package io.github.ltxkit.bench.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildJvmTest {
    /** A child that reports its arguments as numbered values, prints noise, or fails as its first argument says. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            switch (args[0]) {
                case "report" -> {
                    System.out.println("something that is not a result");
                    for (int i = 1; i < args.length; i++) {
                        ChildJvm.report("value" + i, Long.parseLong(args[i]));
                    }
                }
                case "fail" -> {
                    System.err.println("the child's last words");
                    System.exit(3);
                }
                case "hang" -> Thread.sleep(60_000);
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
    }

    @Test
    void theChildsReportsArriveByKeyInOrderWithTheirArrivalTimes() throws Exception {
        ChildJvm.Outcome outcome = ChildJvm.run(Child.class, List.of(), List.of("report", "42", "-7"),
                Duration.ofSeconds(60));

        assertThat(outcome.values()).containsExactly(java.util.Map.entry("value1", 42L),
                java.util.Map.entry("value2", -7L));
        assertThat(outcome.value("value1")).isEqualTo(42);
        assertThat(outcome.arrival("value1")).isPositive().isLessThanOrEqualTo(outcome.arrival("value2"));
        assertThat(outcome.exitNanos()).isGreaterThanOrEqualTo(outcome.arrival("value2"));
        assertThatThrownBy(() -> outcome.value("value3"))
                .hasMessage("the child JVM reported no \"value3\"; it reported [value1, value2]");
    }

    @Test
    void aChildThatFailsIsReportedWithItsExitStatusAndStandardError() {
        assertThatThrownBy(() -> ChildJvm.run(Child.class, List.of(), List.of("fail"), Duration.ofSeconds(60)))
                .isInstanceOf(IOException.class)
                .hasMessage("Child in a child JVM exited with status 3; its standard error ends with: the child's "
                        + "last words");
    }

    @Test
    void aChildThatRunsTooLongIsKilled() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> ChildJvm.run(Child.class, List.of(), List.of("hang"), Duration.ofSeconds(3)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Child in a child JVM did not finish within 3 s and was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void reportKeysMustBeOneWord() {
        assertThatThrownBy(() -> ChildJvm.report("two words", 1))
                .hasMessage("a result key must be one word, got \"two words\"");
    }
}
