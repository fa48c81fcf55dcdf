package io.github.ltxkit.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs test case classes on the Jupiter engine through the engine test kit, sequentially or in parallel. */
final class Engine {
    /** The configuration parameter that enables {@link EngineTestCase} classes. */
    static final String MARKER = "ltxkit.test.engineTestKit";

    private final Map<String, String> parameters = new LinkedHashMap<>();
    private boolean implicitParameters;

    private Engine() {
        parameters.put(MARKER, "true");
    }

    /** Returns a run with the default configuration. */
    static Engine engine() {
        return new Engine();
    }

    /** Sets a configuration parameter. */
    Engine with(String name, String value) {
        parameters.put(name, value);
        return this;
    }

    /**
     * Reads system properties and {@code junit-platform.properties} too, as a launcher does (the test kit does not
     * by default).
     */
    Engine withImplicitParameters() {
        implicitParameters = true;
        return this;
    }

    /** Runs methods and classes concurrently (JUnit's parallel mode, dynamic strategy). */
    Engine parallel() {
        return with("junit.jupiter.execution.parallel.enabled", "true")
                .with("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .with("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .with("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .with("junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
    }

    /** Runs {@code testCases} and returns the events. */
    EngineExecutionResults run(Class<?>... testCases) {
        EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter");
        for (Class<?> c : testCases) {
            builder.selectors(selectClass(c));
        }
        parameters.forEach(builder::configurationParameter);
        return builder.enableImplicitConfigurationParameters(implicitParameters).execute();
    }

    /**
     * Asserts that {@code count} tests ran and all succeeded; a failure's message carries the failed tests'
     * exceptions, which the test kit's statistics do not show.
     */
    static void assertAllSucceeded(EngineExecutionResults results, int count) {
        StringBuilder failures = new StringBuilder();
        results.allEvents().failed().stream().forEach(e -> {
            Throwable t = e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable()
                    .orElse(null);
            java.io.StringWriter trace = new java.io.StringWriter();
            if (t != null) {
                t.printStackTrace(new java.io.PrintWriter(trace));
            }
            failures.append("\n").append(e.getTestDescriptor().getDisplayName()).append(": ").append(trace);
        });
        results.allEvents().skipped().stream().forEach(e -> failures.append("\nskipped ")
                .append(e.getTestDescriptor().getDisplayName()).append(": ").append(e.getPayload().orElse("")));
        org.assertj.core.api.Assertions.assertThat(failures.toString()).as("failures").isEmpty();
        results.testEvents().assertStatistics(s -> s.started(count).succeeded(count));
    }

    /** Runs one test case class and returns the events. */
    static EngineExecutionResults execute(Class<?> testCase) {
        return engine().run(testCase);
    }
}
