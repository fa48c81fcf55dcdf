package io.github.ltxkit.bench.read;

import io.github.ltxkit.interop.Availability;
import io.github.ltxkit.interop.HarnessSettings;
import io.github.ltxkit.interop.LitestreamVfs;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * The real Litestream VFS as the read-side benchmarks use it: found (or fetched) once per scenario with
 * {@link LitestreamVfs#detect()}, or absent with the reason, which the report then states. Immutable.
 */
final class LitestreamSide {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final LitestreamVfs vfs;
    private final String unavailableReason;

    private LitestreamSide(LitestreamVfs vfs, String unavailableReason) {
        this.vfs = vfs;
        this.unavailableReason = unavailableReason;
    }

    /** Finds the Litestream VFS as the environment says; never throws for a missing prerequisite. */
    static LitestreamSide detect() {
        return detect(HarnessSettings.fromEnvironment());
    }

    /** Finds the Litestream VFS with {@code settings}; never throws for a missing prerequisite. */
    static LitestreamSide detect(HarnessSettings settings) {
        Availability a = LitestreamVfs.detect(settings);
        if (a.isAvailable()) {
            return new LitestreamSide(a.vfs(), null);
        }
        return new LitestreamSide(null, a.reason().replaceFirst("^Litestream VFS unavailable: ", ""));
    }

    /** Returns whether the Litestream VFS can run here. */
    boolean available() {
        return vfs != null;
    }

    /** Returns why the Litestream VFS cannot run here; only when it is not {@link #available()}. */
    String unavailableReason() {
        if (vfs != null) {
            throw new IllegalStateException("the Litestream VFS is available");
        }
        return unavailableReason;
    }

    /** Returns what runs: the extension's package and the shell's SQLite version. */
    String describe() {
        return vfs == null ? "unavailable: " + unavailableReason
                : "`litestream-vfs-linux-amd64@0.5.17` in the `sqlite3` " + vfs.sqliteVersion() + " shell";
    }

    /** Starts a {@code sqlite3} shell with the Litestream VFS loaded and configured by {@code environment}. */
    SqliteShell shell(Map<String, String> environment) throws IOException {
        return SqliteShell.start(vfs().sqlite3(), vfs().extension(), environment, START_TIMEOUT);
    }

    /** Starts a plain {@code sqlite3} shell (the same binary, no extension) for a local reference. */
    SqliteShell plainShell() throws IOException {
        return SqliteShell.start(vfs().sqlite3(), null, Map.of(), START_TIMEOUT);
    }

    /** Returns the {@code .open} command of a database on the Litestream VFS (the name is only used in logs). */
    static String openCommand() {
        return ".open 'file:bench.db?vfs=litestream'";
    }

    private LitestreamVfs vfs() {
        if (vfs == null) {
            throw new IllegalStateException("Litestream unavailable: " + unavailableReason);
        }
        return vfs;
    }
}
