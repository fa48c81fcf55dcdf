package io.github.ltxkit.s3server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The property that keeps S3Proxy's shaded Jetty from creating the platform MBean server at start-up. */
class ShadedJettyPropertiesTest {
    @TempDir
    Path dir;

    @Test
    void referencesPerCacheLineIsTheCacheLineOverTheReferenceSizeAndAtLeastOne() {
        assertThat(ShadedJettyProperties.referencesPerCacheLine(64, true)).isEqualTo(16);
        assertThat(ShadedJettyProperties.referencesPerCacheLine(64, false)).isEqualTo(8);
        assertThat(ShadedJettyProperties.referencesPerCacheLine(128, true)).isEqualTo(32);
        assertThat(ShadedJettyProperties.referencesPerCacheLine(4, false)).isEqualTo(1);
    }

    @Test
    void aStartedServerLeavesThePropertyAtWhatJettyWouldComputeForThisJvm() {
        try (EmbeddedS3Server ignored = EmbeddedS3Server.start()) {
            boolean compressedOops = Boolean.parseBoolean(ManagementFactory
                    .getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("UseCompressedOops").getValue());
            assertThat(System.getProperty(ShadedJettyProperties.REFERENCES_PER_CACHE_LINE))
                    .isEqualTo(Integer.toString(ShadedJettyProperties.referencesPerCacheLine(64, compressedOops)));
        }
    }

    @Test
    void aValueAlreadySetIsLeftAlone() {
        String before = System.getProperty(ShadedJettyProperties.REFERENCES_PER_CACHE_LINE);
        try {
            System.setProperty(ShadedJettyProperties.REFERENCES_PER_CACHE_LINE, "3");

            ShadedJettyProperties.presetReferencesPerCacheLine();

            assertThat(System.getProperty(ShadedJettyProperties.REFERENCES_PER_CACHE_LINE)).isEqualTo("3");
        } finally {
            if (before == null) {
                System.clearProperty(ShadedJettyProperties.REFERENCES_PER_CACHE_LINE);
            } else {
                System.setProperty(ShadedJettyProperties.REFERENCES_PER_CACHE_LINE, before);
            }
        }
    }

    @Test
    void aServerStartedInAFreshJvmCreatesNoPlatformMBeanServer() throws Exception {
        Path log = dir.resolve("classes.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xlog:class+load:file=" + log, "-cp",
                System.getProperty("java.class.path"), StartOnce.class.getName())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended within 60 s").isTrue();
        assertThat(child.exitValue()).as(output()).isZero();

        List<String> loaded = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(loaded).anyMatch(line -> line.contains(" org.gaul.shaded.org.eclipse.jetty.util.MemoryUtils "));
        assertThat(loaded).noneMatch(line -> line.contains(" javax.management.MBeanServerFactory "));
    }

    private String output() throws IOException {
        return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    /** Starts a server, answers nothing, stops: the child JVM's whole work. */
    static final class StartOnce {
        public static void main(String[] args) {
            EmbeddedS3Server.start().close();
        }
    }
}
