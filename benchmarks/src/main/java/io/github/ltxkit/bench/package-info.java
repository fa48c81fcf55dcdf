/**
 * The benchmark harness: {@link io.github.ltxkit.bench.Scenario scenarios} measure, the runner reports.
 *
 * <p>Implement {@link io.github.ltxkit.bench.Scenario}, return {@link io.github.ltxkit.bench.Measurement}s in a
 * {@link io.github.ltxkit.bench.ScenarioResult}, judge them with a {@link io.github.ltxkit.bench.Goal}, and list the
 * scenario in {@link io.github.ltxkit.bench.Scenarios#all()}. {@link io.github.ltxkit.bench.BenchmarkRunner} runs
 * the selected scenarios and regenerates {@code docs/performance.md}.
 */
package io.github.ltxkit.bench;
