package io.github.ltxkit.bench.read;

import io.github.ltxkit.bench.Goal;
import io.github.ltxkit.bench.Measurement;
import java.util.HashMap;
import java.util.Map;

/**
 * The goals a read-side scenario sets on its ltxkit figures while it runs, by figure label; every other figure is a
 * reference for them. Filled by the scenario's {@code run()}, read by its {@code goalFor()} afterwards, on one
 * thread.
 */
final class GoalsByLabel {
    private static final Goal REFERENCE = new Goal("reference for ltxkit's goal", null);
    private final Map<String, Goal> goals = new HashMap<>();

    /** Forgets the goals of an earlier run. */
    void clear() {
        goals.clear();
    }

    /** Sets the goal of the figure labelled {@code label}. */
    void put(String label, Goal goal) {
        goals.put(label, goal);
    }

    /** Returns the goal of {@code measurement}, or the reference mark if it has none. */
    Goal of(Measurement measurement) {
        return goals.getOrDefault(measurement.label(), REFERENCE);
    }
}
