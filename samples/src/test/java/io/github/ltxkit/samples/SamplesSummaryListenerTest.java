package io.github.ltxkit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The summary the samples' runs print: counts, one line per class, skip reasons and failures. */
class SamplesSummaryListenerTest {
    static class PassingCases {
        @Test
        void passes() {
        }

        @Test
        void passesToo() {
        }
    }

    static class FailingCases {
        @Test
        void passes() {
        }

        @Test
        void fails() {
            fail("the stock is\n  wrong");
        }
    }

    @Disabled("no Docker here")
    static class DisabledCases {
        @Test
        void one() {
        }

        @Test
        void two() {
        }
    }

    @Test
    void printsTheCountsAndOneLinePerClassWithSkipReasonsAndFailures() {
        String summary = run(PassingCases.class, FailingCases.class, DisabledCases.class);

        assertThat(summary.lines().toList()).hasSize(5);
        assertThat(summary).containsPattern("^ltxkit samples on JUnit Jupiter \\S+: 3 passed, 1 failed, 2 skipped "
                        + "in \\d+\\.\\d s against the embedded S3\\R")
                .contains("  SamplesSummaryListenerTest$DisabledCases  2 skipped (no Docker here)")
                .contains("  SamplesSummaryListenerTest$FailingCases   1 passed, 1 FAILED")
                .contains("  SamplesSummaryListenerTest$PassingCases   2 passed")
                .contains("  FAILED SamplesSummaryListenerTest$FailingCases.fails(): AssertionError: the stock is "
                        + "wrong");
    }

    private static String run(Class<?>... classes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        LauncherConfig config = LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new SamplesSummaryListener(out)).build();
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (Class<?> c : classes) {
            request.selectors(selectClass(c));
        }
        LauncherDiscoveryRequest built = request.configurationParameter("ltxkit.backend", "EMBEDDED").build();
        LauncherFactory.create(config).execute(built);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
