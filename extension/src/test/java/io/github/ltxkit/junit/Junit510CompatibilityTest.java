package io.github.ltxkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The extension works on the oldest supported JUnit, 5.10: test cases of this suite run in a JVM of their own on
 * the JUnit Platform 1.10 console launcher (Jupiter 5.10), with no class of JUnit 6 on its class path. The build
 * fetches the launcher and writes that class path (see the module's pom).
 */
class Junit510CompatibilityTest {
    /** Test cases that check everything they need themselves. */
    private static final List<Class<?>> CASES = List.of(InjectionTest.TypesTestCase.class,
            InjectionTest.FieldsTestCase.class, InjectionTest.LifecycleTestCase.class,
            InjectionTest.PerClassLifecycleTestCase.class, InjectionTest.NestedTestCase.class,
            InjectionTest.SeveralDatabasesTestCase.class, FixtureKindsTest.KindsTestCase.class,
            StorageFaultTest.KindsTestCase.class, StorageFaultTest.ScopesTestCase.class,
            ProgrammaticTest.StaticTestCase.class, ProgrammaticTest.InstanceTestCase.class,
            ParallelTest.IsolationTestCase.class, LitestreamReplicaFixtureTest.ReplicaTestCase.class);
    private static final int TESTS = 5 + 2 + 2 + 2 + 1 + 1 + 8 + 9 + 1 + 2 + 2 + 12 + 1;

    @Test
    void theTestCasesPassOnJupiter510() throws Exception {
        Path baseline = Path.of(System.getProperty("ltxkit.test.baselineLauncher", "target/junit-baseline"));
        Path launcher = baseline.resolve("junit-platform-console-standalone.jar");
        String dependencies = Files.readString(baseline.resolve("classpath.txt"), StandardCharsets.UTF_8).trim();
        assertThat(dependencies).doesNotContain("junit-jupiter", "junit-platform");
        String classPath = String.join(java.io.File.pathSeparator, Path.of("target", "test-classes").toString(),
                Path.of("target", "classes").toString(), dependencies);

        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-jar", launcher.toString(), "execute", "--disable-banner", "--details=summary",
                "--details-theme=ascii", "--class-path", classPath, "--config=" + Engine.MARKER + "=true",
                // the launcher reads junit-platform.properties, which names another VFS for ConfigurationTest
                "--config=" + LitestreamDatabase.VFS_NAME_PROPERTY + "=litestream"));
        for (Class<?> c : CASES) {
            command.add("--select-class=" + c.getName());
        }
        Path log = Files.createTempFile("ltxkit-junit510-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        Files.deleteIfExists(log);

        assertThat(finished).as("the launcher finished within 5 minutes").isTrue();
        assertThat(output).as(output).containsPattern("\\[\\s+" + TESTS + " tests successful\\s+]")
                .containsPattern("\\[\\s+0 tests failed\\s+]");
        assertThat(process.exitValue()).as(output).isZero();
    }
}
