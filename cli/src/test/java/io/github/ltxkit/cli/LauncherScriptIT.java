package io.github.ltxkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/ltxkit} as a real process on the packaged executable jar: Java discovery, the shaded jar's S3
 * client and SQLite driver, clean output, and exit statuses passed through.
 */
class LauncherScriptIT {
    private static Path launcher;
    private static Path jar;
    private static Path jdkRoot;

    @TempDir
    Path dir;

    @BeforeAll
    static void locate() {
        launcher = Path.of(System.getProperty("ltxkit.cli.launcher"));
        jar = Path.of(System.getProperty("ltxkit.cli.jar"));
        assertThat(launcher).isExecutable();
        assertThat(jar).isRegularFile();
        jdkRoot = Path.of(System.getProperty("java.home")).getParent();
    }

    @Test
    void findsAJdk22InTheJvmDirectoriesWhenThePathHasAnOlderJava() throws Exception {
        Path fakeBin = fakeJava("17.0.2");

        Run r = run(Map.of("PATH", fakeBin + ":/usr/bin:/bin", "LTXKIT_JVM_DIRS", "/nonexistent:" + jdkRoot),
                "--version");

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("ltxkit 0.1.0").contains("Java " + Runtime.version().feature());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void explainsWhenNoJdk22OrNewerExists() throws Exception {
        Path fakeBin = fakeJava("17.0.2");

        Run r = run(Map.of("PATH", fakeBin + ":/usr/bin:/bin", "JAVA_HOME", dir.resolve("no-jdk").toString(),
                "LTXKIT_JVM_DIRS", "/nonexistent"), "--version");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("ltxkit: Java 22 or newer is required and none was found (tried: JAVA_HOME="
                + dir.resolve("no-jdk") + " (no java there); " + fakeBin.resolve("java") + " on the PATH (version 17); the"
                + " JDKs in /nonexistent); install one (e.g. Temurin 25) or set JAVA_HOME\n");
    }

    @Test
    void seedsListsAndRestoresThroughS3WithCleanOutput() throws Exception {
        Path db = DbRows.create(dir.resolve("app.db"), 80);
        String url = SharedS3.url(SharedS3.newBucket(), "launched");
        Map<String, String> env = new HashMap<>(SharedS3.env());
        env.put("JAVA_HOME", System.getProperty("java.home"));

        Run seed = run(env, "seed", db.toString(), url);
        Run ls = run(env, "ls", url);
        Run restore = run(env, "restore", url, dir.resolve("out.db").toString());

        assertThat(seed.status()).as(seed.toString()).isZero();
        assertThat(seed.err()).isEmpty();
        assertThat(ls.status()).as(ls.toString()).isZero();
        assertThat(ls.out()).contains("0000000000000001  0000000000000001");
        assertThat(ls.err()).isEmpty();
        assertThat(restore.status()).as(restore.toString()).isZero();
        assertThat(restore.err()).isEmpty();
        assertThat(Files.readAllBytes(dir.resolve("out.db"))).isEqualTo(Files.readAllBytes(db));
    }

    @Test
    void passesExitStatusesAndOneLineErrorsThrough() throws Exception {
        Path bad = Files.writeString(dir.resolve("0000000000000001-0000000000000001.ltx"), "not an ltx file");
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"));

        Run usage = run(env, "restore");
        Run corrupt = run(env, "ltx", "verify", bad.toString());

        assertThat(usage.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err()).isEqualTo("ltxkit restore: missing required parameters: 'REPLICA_URL', 'OUT.db' (see "
                + "'ltxkit restore --help')\n");
        assertThat(corrupt.status()).isEqualTo(ExitCodes.FORMAT);
        assertThat(corrupt.out()).isEqualTo(bad + ": offset 15: header: truncated: file ends after 15 of 100 bytes\n");
    }

    private record Run(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    /** Runs the launcher with only {@code env} (plus a PATH with the usual tools unless given). */
    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("HOME", dir.toString());
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish within 120 s: " + command);
        }
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    /** Writes a {@code java} that reports {@code version}, in a directory of its own. */
    private Path fakeJava(String version) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("fake-bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2022-01-18' >&2\nexit 0\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }
}
