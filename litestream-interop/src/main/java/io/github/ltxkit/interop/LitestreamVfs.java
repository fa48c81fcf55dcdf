package io.github.ltxkit.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A working installation of the real Litestream VFS: the verified loadable extension and a {@code sqlite3} shell
 * that can load it. Each {@link #run} starts a fresh {@code sqlite3} process that loads the extension with the
 * configuration's environment, opens {@code file:<name>?vfs=litestream}, runs the SQL fed on its standard input
 * and exits (a writer uploads its last changes on exit); {@link #openSession} keeps one process running.
 *
 * <p>Get one from {@link #detect()}. Immutable and thread-safe: runs and sessions are independent processes, each
 * with its own work directory for Litestream's log and temporary files, deleted when it ends.
 *
 * <p>Litestream 0.5.17 behaviours worth knowing: a read-only connection to a replica without files waits for the
 * first file (so give it a timeout); a writer that keeps running after its first upload loses sight of pages it
 * appended (reads then fail with "database disk image is malformed"), so grow a database with one process per
 * batch and keep sessions to updates that do not add pages.
 */
public final class LitestreamVfs {
    /** The oldest SQLite the extension supports. */
    static final int[] MIN_SQLITE = {3, 31, 0};

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private final Path extension;
    private final String extensionSource;
    private final Path sqlite3;
    private final String sqliteVersion;

    LitestreamVfs(Path extension, String extensionSource, Path sqlite3, String sqliteVersion) {
        this.extension = Objects.requireNonNull(extension, "extension");
        this.extensionSource = Objects.requireNonNull(extensionSource, "extensionSource");
        this.sqlite3 = Objects.requireNonNull(sqlite3, "sqlite3");
        this.sqliteVersion = Objects.requireNonNull(sqliteVersion, "sqliteVersion");
    }

    /**
     * The system property or environment variable that, set to {@code true}, makes {@link #detect()} fail instead
     * of answering "unavailable": CI sets it so that interop tests can never be skipped there unnoticed.
     */
    public static final String REQUIRE = "LTXKIT_REQUIRE_LITESTREAM";

    /**
     * Finds or fetches the Litestream VFS as {@link HarnessSettings#fromEnvironment()} says, and checks that it
     * loads. The first call on a machine downloads about 26 MB with {@code npm pack}; later calls reuse the cache.
     *
     * @throws IllegalStateException with the reason, if it is unavailable and {@value #REQUIRE} is {@code true}
     */
    public static Availability detect() {
        return required(detect(HarnessSettings.fromEnvironment()), System.getProperty(REQUIRE,
                System.getenv(REQUIRE)));
    }

    /** Returns {@code availability}, or fails if it is unavailable and {@code require} is {@code "true"}. */
    static Availability required(Availability availability, String require) {
        if (!availability.isAvailable() && "true".equalsIgnoreCase(String.valueOf(require).trim())) {
            throw new IllegalStateException(REQUIRE + " is true: " + availability.reason());
        }
        return availability;
    }

    /**
     * Finds or fetches the Litestream VFS with {@code settings}, and checks that it loads into {@code sqlite3}.
     * Never throws for a missing prerequisite: the answer says what is missing.
     */
    public static Availability detect(HarnessSettings settings) {
        Objects.requireNonNull(settings, "settings");
        Path sqlite3 = findSqlite3(settings);
        if (sqlite3 == null) {
            return Availability.unavailable(settings.sqlite3Override() != null
                    ? HarnessSettings.SQLITE3_OVERRIDE + " names " + settings.sqlite3Override()
                    + ", which is not an executable file"
                    : "no sqlite3 shell in /usr/bin or on the PATH (install the sqlite3 package or set "
                    + HarnessSettings.SQLITE3_OVERRIDE + ")");
        }
        String version;
        try {
            version = sqliteVersion(sqlite3);
        } catch (LitestreamException e) {
            return Availability.unavailable(e.getMessage());
        }
        Path extension;
        String source;
        if (settings.extensionOverride() != null) {
            extension = settings.extensionOverride().toAbsolutePath();
            source = HarnessSettings.VFS_OVERRIDE;
            if (!Files.isRegularFile(extension)) {
                return Availability.unavailable(HarnessSettings.VFS_OVERRIDE + " names " + extension
                        + ", which is not a file");
            }
        } else {
            String platform = platform();
            if (!platform.equals("linux-amd64")) {
                return Availability.unavailable("the pinned " + settings.vfsPackage().spec()
                        + " runs on linux-amd64 only, this is " + platform + " (set " + HarnessSettings.VFS_OVERRIDE
                        + " to a build for this platform)");
            }
            try {
                extension = new VfsInstaller(settings).install();
            } catch (LitestreamException e) {
                return Availability.unavailable(e.getMessage());
            }
            source = settings.vfsPackage().spec();
        }
        LitestreamVfs vfs = new LitestreamVfs(extension, source, sqlite3, version);
        String problem = vfs.smokeTest();
        return problem == null ? Availability.available(vfs) : Availability.unavailable(problem);
    }

    /**
     * Runs {@code sql} in a new {@code sqlite3} process connected to the Litestream VFS as {@code config} says,
     * and waits for it to exit. A failing statement stops the run ({@code -bail}); see {@link SqlResult#exitCode()}.
     *
     * @param sql     statements separated by semicolons; dot-commands of the shell work too
     * @param timeout the longest the process may run (a read-only connection to an empty replica waits forever)
     * @throws LitestreamException if {@code sqlite3} cannot start or does not finish in time
     */
    public SqlResult run(LitestreamConfig config, String sql, Duration timeout) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(timeout, "timeout");
        try (ShellInvocation shell = ShellInvocation.prepare(sqlite3, extension, config, true)) {
            Path input = shell.workDir().resolve("input.sql");
            Files.writeString(input, sql.endsWith("\n") ? sql : sql + "\n", StandardCharsets.UTF_8);
            ProcessRunner.Completed done = ProcessRunner.run(shell.command(), shell.environment(), shell.workDir(),
                    input, shell.workDir(), timeout);
            String log = shell.log();
            if (done.timedOut()) {
                throw new LitestreamException(SqlResult.failureMessage("sqlite3 with the Litestream VFS ("
                        + config.replicaUrl() + ") did not finish within " + timeout.toMillis() + " ms and was killed",
                        done.stderr(), log));
            }
            return new SqlResult(done.exitCode(), done.stdout(), done.stderr(), log, done.elapsed());
        } catch (IOException e) {
            throw new LitestreamException("cannot run " + sqlite3 + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code sql} against {@code replicaUrl} with extra environment variables (e.g.
     * {@code LITESTREAM_WRITE_ENABLED=true}); see {@link #run(LitestreamConfig, String, Duration)}.
     */
    public SqlResult run(String replicaUrl, Map<String, String> environment, String sql, Duration timeout) {
        return run(LitestreamConfig.builder(replicaUrl).environment(environment).build(), sql, timeout);
    }

    /**
     * Starts a long-running {@code sqlite3} process connected to the Litestream VFS, for statements issued over
     * time (a writer committing every few milliseconds while a test polls, for example). Close it to stop it.
     *
     * @throws LitestreamException if {@code sqlite3} cannot start
     */
    public LitestreamSession openSession(LitestreamConfig config) {
        return LitestreamSession.start(sqlite3, extension, Objects.requireNonNull(config, "config"));
    }

    /** Returns the path of the loadable extension. */
    public Path extension() {
        return extension;
    }

    /** Returns the path of the {@code sqlite3} shell. */
    public Path sqlite3() {
        return sqlite3;
    }

    /** Returns the version of the {@code sqlite3} shell, e.g. {@code 3.40.1}. */
    public String sqliteVersion() {
        return sqliteVersion;
    }

    @Override
    public String toString() {
        return extensionSource + " at " + extension + ", sqlite3 " + sqliteVersion + " at " + sqlite3;
    }

    /** Loads the extension into a writer on an empty directory replica and runs a query; returns what failed. */
    private String smokeTest() {
        Path replica = null;
        try {
            replica = Files.createTempDirectory("ltxkit-litestream-probe-");
            LitestreamConfig config = LitestreamConfig.builder(replica.toUri().toString()).writerSyncingOnClose()
                    .databaseName("probe.db").build();
            SqlResult result = run(config, "select 6 * 7;", PROBE_TIMEOUT);
            if (!result.succeeded() || !result.stdout().startsWith("42")) {
                return SqlResult.failureMessage("the extension does not work in sqlite3 " + sqliteVersion
                        + " (exit status " + result.exitCode() + ")", result.stderr(), result.log());
            }
            return null;
        } catch (IOException | LitestreamException e) {
            return "the extension does not work in sqlite3 " + sqliteVersion + ": " + e.getMessage();
        } finally {
            if (replica != null) {
                ShellInvocation.deleteTree(replica);
            }
        }
    }

    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin" : os.replace(' ', '_');
        String archName = arch.equals("x86_64") || arch.equals("amd64") ? "amd64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : arch;
        return osName + "-" + archName;
    }

    private static Path findSqlite3(HarnessSettings settings) {
        if (settings.sqlite3Override() != null) {
            Path p = settings.sqlite3Override().toAbsolutePath();
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        Path standard = Path.of("/usr/bin/sqlite3");
        if (Files.isExecutable(standard)) {
            return standard;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "sqlite3");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    /** Runs {@code sqlite3 -version} and checks that it is new enough for the extension. */
    static String sqliteVersion(Path sqlite3) {
        ProcessRunner.Completed done;
        Path dir = null;
        try {
            dir = Files.createTempDirectory("ltxkit-sqlite3-version-");
            done = ProcessRunner.run(List.of(sqlite3.toString(), "-version"), System.getenv(), dir, null, dir,
                    PROBE_TIMEOUT);
        } catch (IOException e) {
            throw new LitestreamException("cannot run " + sqlite3 + ": " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                dir.toFile().delete();
            }
        }
        Matcher m = VERSION.matcher(done.stdout().strip());
        if (done.exitCode() != 0 || !m.find()) {
            throw new LitestreamException(sqlite3 + " -version did not print a version (exit status "
                    + done.exitCode() + "): " + ProcessRunner.tail(done.stdout() + "\n" + done.stderr(), 2));
        }
        int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        String version = v[0] + "." + v[1] + "." + v[2];
        if (java.util.Arrays.compare(v, MIN_SQLITE) < 0) {
            throw new LitestreamException(sqlite3 + " is SQLite " + version + "; the Litestream VFS needs 3.31.0 or"
                    + " newer");
        }
        return version;
    }
}
