package io.github.ltxkit.bench;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A target that a scenario's figures are judged against: the text shown beside each figure and the check that
 * says whether a figure meets it. Immutable; the check must be a pure function.
 *
 * <pre>{@code
 * Goal.medianAtMost(2_000, "ms")                 // "median ≤ 2,000 ms"
 * Goal.of("faster than Litestream", m -> ...)    // any other rule
 * Goal.none()                                    // "no goal; for reference"
 * }</pre>
 *
 * @param text  the goal as the report shows it
 * @param check whether a measurement meets the goal; {@code null} for {@link #none()}
 */
public record Goal(String text, Predicate<Measurement> check) {
    /** Checks the text. */
    public Goal {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a goal needs a text, got " + text);
        }
    }

    /** Whether a measurement meets its goal. */
    public enum Verdict {
        /** The figure meets the goal. */
        MET("✅"),
        /** The figure misses the goal. */
        MISSED("❌"),
        /** No goal is stated for the figure. */
        NO_GOAL("—");

        private final String mark;

        Verdict(String mark) {
            this.mark = mark;
        }

        /** Returns the mark the report shows: ✅, ❌ or —. */
        public String mark() {
            return mark;
        }
    }

    /** Returns the absence of a goal: figures shown for reference only. */
    public static Goal none() {
        return new Goal("no goal; for reference", null);
    }

    /** Returns a goal with any rule. */
    public static Goal of(String text, Predicate<Measurement> check) {
        return new Goal(text, Objects.requireNonNull(check, "check"));
    }

    /** Returns the goal that the median is at most {@code limit} {@code unit} (for latencies). */
    public static Goal medianAtMost(double limit, String unit) {
        return new Goal("median ≤ " + Figures.format(limit) + " " + unit,
                m -> inUnit(m, unit).median() <= limit);
    }

    /** Returns the goal that the median is at least {@code limit} {@code unit} (for throughputs). */
    public static Goal medianAtLeast(double limit, String unit) {
        return new Goal("median ≥ " + Figures.format(limit) + " " + unit,
                m -> inUnit(m, unit).median() >= limit);
    }

    /** Returns whether {@code m} meets this goal, or {@link Verdict#NO_GOAL} when none is stated. */
    public Verdict judge(Measurement m) {
        if (check == null) {
            return Verdict.NO_GOAL;
        }
        return check.test(m) ? Verdict.MET : Verdict.MISSED;
    }

    private static Measurement inUnit(Measurement m, String unit) {
        if (!m.unit().equals(unit)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "a goal in %s cannot judge \"%s\", measured in %s", unit, m.label(), m.unit()));
        }
        return m;
    }
}
