package io.github.ltxkit.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * How the runner was asked to run, from the {@code bench.*} system properties. Immutable.
 *
 * @param quick   smoke run: small inputs, few runs ({@code bench.quick})
 * @param only    the scenario names to run, empty for all ({@code bench.only})
 * @param warmups warm-up runs per measured figure ({@code bench.warmups})
 * @param runs    measured runs per figure ({@code bench.runs})
 * @param root    the project's root directory ({@code bench.root})
 * @param outDir  where {@code performance.md} and {@code img/} go ({@code bench.out})
 * @param workDir where scenarios keep inputs between runs
 */
record RunOptions(boolean quick, List<String> only, int warmups, int runs, Path root, Path outDir, Path workDir) {
    /** The command that regenerates docs/performance.md. */
    static final String COMMAND = "./mvnw -B -q -pl benchmarks -am verify -Pbenchmarks";
    private static final String DEFAULT = "default";

    RunOptions {
        only = List.copyOf(only);
        root = root.toAbsolutePath().normalize();
        outDir = outDir.toAbsolutePath().normalize();
        workDir = workDir.toAbsolutePath().normalize();
    }

    /**
     * Reads the options. A full run of every scenario writes to {@code docs/}; a quick run or a run of some
     * scenarios writes to {@code benchmarks/target/bench-report/} unless {@code bench.out} names a directory, so that
     * the published page only ever holds figures of one full run.
     */
    static RunOptions from(Properties p) {
        Path root = Path.of(p.getProperty("bench.root", ".."));
        boolean quick = Boolean.parseBoolean(p.getProperty("bench.quick", "false"));
        String onlyText = p.getProperty("bench.only", "all").trim();
        List<String> only = onlyText.isEmpty() || onlyText.equals("all") ? List.of()
                : Arrays.stream(onlyText.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        int warmups = count(p, "bench.warmups", defaultWarmups(quick), 0);
        int runs = count(p, "bench.runs", defaultRuns(quick), 1);
        String out = p.getProperty("bench.out", DEFAULT).trim();
        Path outDir = !out.isEmpty() && !out.equals(DEFAULT) ? Path.of(out)
                : quick || !only.isEmpty() ? root.resolve("benchmarks/target/bench-report") : root.resolve("docs");
        return new RunOptions(quick, only, warmups, runs, root, outDir, root.resolve("benchmarks/target/bench-data"));
    }

    /** Returns the scenarios this run selects, in the registry's order. */
    List<Scenario> select(List<Scenario> all) {
        Set<String> known = new HashSet<>();
        for (Scenario s : all) {
            if (!s.name().matches("[a-z0-9-]+") || !known.add(s.name())) {
                throw new IllegalStateException("scenario names must be unique [a-z0-9-]+ ids: " + s.name());
            }
        }
        for (String name : only) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown scenario \"" + name + "\" in bench.only; known: "
                        + String.join(", ", all.stream().map(Scenario::name).toList()));
            }
        }
        return only.isEmpty() ? all : all.stream().filter(s -> only.contains(s.name())).toList();
    }

    /** Returns the command that reproduces the figures of {@code scenario} in this mode. */
    String commandFor(Scenario scenario) {
        return COMMAND + " -Dbench.only=" + scenario.name() + (quick ? " -Dbench.quick=true" : "");
    }

    /** Returns the command of this run, as the report's first line states it. */
    String command() {
        List<String> parts = new ArrayList<>(List.of(COMMAND));
        if (!only.isEmpty()) {
            parts.add("-Dbench.only=" + String.join(",", only));
        }
        if (quick) {
            parts.add("-Dbench.quick=true");
        }
        if (warmups != defaultWarmups(quick)) {
            parts.add("-Dbench.warmups=" + warmups);
        }
        if (runs != defaultRuns(quick)) {
            parts.add("-Dbench.runs=" + runs);
        }
        return String.join(" ", parts);
    }

    private static int defaultWarmups(boolean quick) {
        return quick ? 1 : 3;
    }

    private static int defaultRuns(boolean quick) {
        return quick ? 2 : 7;
    }

    private static int count(Properties p, String key, int fallback, int min) {
        String v = p.getProperty(key, DEFAULT).trim();
        if (v.isEmpty() || v.equals(DEFAULT)) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be a whole number >= %d, got \"%s\"",
                key, min, v));
    }
}
