package io.github.ltxkit.bench;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one run of a scenario produced: its measured figures and the facts that explain them. Immutable.
 *
 * @param measurements the figures, in the order the report lists them; labels are unique
 * @param facts        inputs and derived values that are not timings (sizes, ratios, counts), in report order
 */
public record ScenarioResult(List<Measurement> measurements, List<Fact> facts) {
    /** Checks that there is at least one measurement and that labels are unique. */
    public ScenarioResult {
        measurements = List.copyOf(measurements);
        facts = List.copyOf(facts);
        if (measurements.isEmpty()) {
            throw new IllegalArgumentException("a scenario result needs at least one measurement");
        }
        Set<String> labels = new HashSet<>();
        for (Measurement m : measurements) {
            if (!labels.add(m.label())) {
                throw new IllegalArgumentException("two measurements are labelled \"" + m.label() + "\"");
            }
        }
    }

    /**
     * One fact about a scenario's run, for example "compression ratio" and "2.1 : 1".
     *
     * @param name  what the fact is
     * @param value its value, formatted, in Markdown
     */
    public record Fact(String name, String value) {
        /** Checks that both parts are present. */
        public Fact {
            if (name == null || name.isBlank() || value == null || value.isBlank()) {
                throw new IllegalArgumentException("a fact needs a name and a value, got " + name + " = " + value);
            }
        }
    }
}
