package io.github.ltxkit.bench;

/**
 * A benchmark scenario: one thing measured, with what it measures, its goal and how to run it. The runner calls
 * {@link #run} once and reports each returned {@link Measurement} beside the goal {@link #goalFor} gives it.
 *
 * <p>To add a scenario, implement this interface and list it in {@link Scenarios#all()}. A scenario does its own
 * warm-up and measured runs, normally with {@link BenchContext#time}; it uses small inputs when
 * {@link BenchContext#quick()} is set, so that the smoke test stays fast. Implementations are used by one thread.
 */
public interface Scenario {
    /**
     * Returns the scenario's id: lower-case letters, digits and dashes, unique among scenarios. It selects the
     * scenario ({@code -Dbench.only=codec}) and names its chart ({@code img/codec.png}).
     */
    String name();

    /** Returns the scenario's title, the heading of its section in the report. */
    String title();

    /** Returns what the scenario measures and how, as Markdown paragraphs. */
    String description();

    /** Returns the goal stated for the scenario's figures, or {@link Goal#none()}. */
    Goal goal();

    /** Returns the goal that one figure is judged against: {@link #goal()} unless a scenario has several. */
    default Goal goalFor(Measurement measurement) {
        return goal();
    }

    /**
     * Runs the scenario: builds or reuses its inputs, warms up, measures.
     *
     * @throws Exception if the scenario cannot run; the runner stops and writes no report
     */
    ScenarioResult run(BenchContext context) throws Exception;
}
