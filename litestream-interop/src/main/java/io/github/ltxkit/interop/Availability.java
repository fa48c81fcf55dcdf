package io.github.ltxkit.interop;

import java.util.Objects;

/**
 * Whether the real Litestream VFS can run here, and why not when it cannot: the answer of
 * {@link LitestreamVfs#detect()}.
 *
 * <p>Tests skip rather than fail when it is unavailable:
 *
 * <pre>{@code
 * Availability availability = LitestreamVfs.detect();
 * Assumptions.assumeTrue(availability.isAvailable(), availability.reason());
 * }</pre>
 *
 * Immutable.
 */
public final class Availability {
    private final LitestreamVfs vfs;
    private final String reason;

    private Availability(LitestreamVfs vfs, String reason) {
        this.vfs = vfs;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Returns the availability of a working installation. */
    static Availability available(LitestreamVfs vfs) {
        return new Availability(Objects.requireNonNull(vfs, "vfs"), "Litestream VFS available: " + vfs);
    }

    /** Returns the unavailability for {@code reason}. */
    static Availability unavailable(String reason) {
        return new Availability(null, "Litestream VFS unavailable: " + reason);
    }

    /** Returns whether the Litestream VFS can run here. */
    public boolean isAvailable() {
        return vfs != null;
    }

    /**
     * Returns a one-line explanation: what was found when available, what is missing otherwise (not linux-amd64,
     * no npm, no network, no {@code sqlite3}, a failed download or digest check, an extension that does not load).
     */
    public String reason() {
        return reason;
    }

    /**
     * Returns the installation.
     *
     * @throws IllegalStateException with {@link #reason()} when it is unavailable
     */
    public LitestreamVfs vfs() {
        if (vfs == null) {
            throw new IllegalStateException(reason);
        }
        return vfs;
    }

    @Override
    public String toString() {
        return reason;
    }
}
