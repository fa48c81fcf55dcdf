package io.github.ltxkit.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where the harness finds or puts the Litestream VFS extension and the {@code sqlite3} shell.
 *
 * <p>{@link #fromEnvironment()} reads two overrides, each as a system property or, failing that, an environment
 * variable of the same name:
 * <ul>
 *   <li>{@value #VFS_OVERRIDE}: the path of an existing Litestream VFS extension to use as it is (no download, no
 *       digest check, any platform);</li>
 *   <li>{@value #SQLITE3_OVERRIDE}: the path of the {@code sqlite3} shell (by default {@code /usr/bin/sqlite3},
 *       then the first {@code sqlite3} on the {@code PATH}).</li>
 * </ul>
 * The download cache is {@code $XDG_CACHE_HOME/ltxkit}, or {@code ~/.cache/ltxkit} when that is unset. Immutable.
 *
 * @param cacheRoot         the directory holding one subdirectory per fetched version
 *                          ({@code litestream-vfs-<version>/})
 * @param vfsPackage        the npm package to fetch
 * @param extensionOverride an extension to use instead of fetching one, or {@code null}
 * @param sqlite3Override   the {@code sqlite3} shell to use, or {@code null} to search for it
 * @param npmCommand        the npm executable, a path or a name looked up on the {@code PATH}
 * @param fetchTimeout      the longest {@code npm pack} may take
 */
public record HarnessSettings(Path cacheRoot, VfsPackage vfsPackage, Path extensionOverride, Path sqlite3Override,
        String npmCommand, Duration fetchTimeout) {
    /** The system property or environment variable that names an existing extension to use. */
    public static final String VFS_OVERRIDE = "LTXKIT_LITESTREAM_VFS";
    /** The system property or environment variable that names the {@code sqlite3} shell to use. */
    public static final String SQLITE3_OVERRIDE = "LTXKIT_SQLITE3";
    /** The default limit on the download, 10 minutes. */
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofMinutes(10);

    /** Checks the fields. */
    public HarnessSettings {
        Objects.requireNonNull(cacheRoot, "cacheRoot");
        Objects.requireNonNull(vfsPackage, "vfsPackage");
        Objects.requireNonNull(npmCommand, "npmCommand");
        Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        if (npmCommand.isBlank()) {
            throw new IllegalArgumentException("npmCommand must not be blank");
        }
        if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
            throw new IllegalArgumentException("fetchTimeout must be positive: " + fetchTimeout);
        }
    }

    /** Returns the settings given by this JVM's system properties and environment, for Litestream VFS 0.5.17. */
    public static HarnessSettings fromEnvironment() {
        Map<String, String> env = System.getenv();
        return from(name -> {
            String property = System.getProperty(name);
            return property != null ? property : env.get(name);
        });
    }

    /**
     * Returns the settings given by {@code lookup}, which maps a variable name to its value or {@code null}: the
     * overrides, {@code XDG_CACHE_HOME} and {@code HOME} (else the {@code user.home} property).
     */
    static HarnessSettings from(UnaryOperator<String> lookup) {
        String xdg = blankToNull(lookup.apply("XDG_CACHE_HOME"));
        Path cacheRoot;
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            cacheRoot = Path.of(xdg, "ltxkit");
        } else {
            String home = blankToNull(lookup.apply("HOME"));
            cacheRoot = Path.of(home != null ? home : System.getProperty("user.home"), ".cache", "ltxkit");
        }
        String vfs = blankToNull(lookup.apply(VFS_OVERRIDE));
        String sqlite3 = blankToNull(lookup.apply(SQLITE3_OVERRIDE));
        return new HarnessSettings(cacheRoot, VfsPackage.LINUX_AMD64_0_5_17, vfs == null ? null : Path.of(vfs),
                sqlite3 == null ? null : Path.of(sqlite3), "npm", DEFAULT_FETCH_TIMEOUT);
    }

    /** Returns the directory the extension of {@link #vfsPackage()} is cached in. */
    public Path cacheDirectory() {
        return cacheRoot.resolve("litestream-vfs-" + vfsPackage.version());
    }

    /** Returns a copy that caches downloads under {@code newCacheRoot}. */
    public HarnessSettings withCacheRoot(Path newCacheRoot) {
        return new HarnessSettings(newCacheRoot, vfsPackage, extensionOverride, sqlite3Override, npmCommand,
                fetchTimeout);
    }

    /** Returns a copy that fetches {@code newPackage}. */
    public HarnessSettings withPackage(VfsPackage newPackage) {
        return new HarnessSettings(cacheRoot, newPackage, extensionOverride, sqlite3Override, npmCommand,
                fetchTimeout);
    }

    /** Returns a copy that uses the extension at {@code extension} ({@code null}: fetch it). */
    public HarnessSettings withExtensionOverride(Path extension) {
        return new HarnessSettings(cacheRoot, vfsPackage, extension, sqlite3Override, npmCommand, fetchTimeout);
    }

    /** Returns a copy that uses the {@code sqlite3} shell at {@code sqlite3} ({@code null}: search for it). */
    public HarnessSettings withSqlite3Override(Path sqlite3) {
        return new HarnessSettings(cacheRoot, vfsPackage, extensionOverride, sqlite3, npmCommand, fetchTimeout);
    }

    /** Returns a copy that runs {@code command} as npm. */
    public HarnessSettings withNpmCommand(String command) {
        return new HarnessSettings(cacheRoot, vfsPackage, extensionOverride, sqlite3Override, command, fetchTimeout);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
