package io.github.ltxkit.vfs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one database is served from its replica. Immutable.
 *
 * <p>Litestream's names work unchanged as URI parameters ({@code file:app.db?vfs=litestream&poll_interval=5s})
 * and as environment variables ({@code LITESTREAM_POLL_INTERVAL}); see {@link #withParameters}. A URI parameter
 * wins over the configuration registered for the database, which wins over the environment. Unknown parameters
 * and malformed values are refused with a message naming the parameter.
 *
 * @param replicaUrl        the replica, e.g. {@code s3://bucket/db?endpoint=http://127.0.0.1:9000} (required)
 * @param pollInterval      how often new LTX files are looked for
 * @param cacheSize         the byte size of the page cache shared by the database's connections
 * @param writeEnabled      whether writes are accepted and uploaded
 * @param syncInterval      how often committed writes are uploaded; zero for on close and on demand only
 * @param bufferPath        the local write buffer, or {@code null} for a temporary file
 * @param hydrationEnabled  whether to build a full local copy in the background
 * @param hydrationPath     the hydrated copy, or {@code null} for a temporary file
 * @param snapshotTimeout   how long a read-only open of an empty replica waits for the first snapshot; zero opens it
 *                          at once as an empty database that fills as files arrive
 * @param bufferRecovery    what opening does with a write buffer left behind by a crash
 * @param bufferLimit       how many bytes of unsynced data the buffer may hold before writes fail
 * @param closeTimeout      how long closing waits for the final upload
 * @param compactionLevels  write mode: intervals of compaction into levels 1, 2, ...; empty for none
 * @param snapshotInterval  write mode: how often to write a level-9 snapshot; zero for never
 * @param l0Retention       write mode with compaction: how long level-0 files outlive their compaction
 * @param snapshotRetention write mode with snapshots: how long snapshots are kept (the newest always is)
 * @param readahead         whether sequential reads fetch neighbouring pages in one request
 */
public record DatabaseConfig(String replicaUrl, Duration pollInterval, long cacheSize, boolean writeEnabled,
                             Duration syncInterval, Path bufferPath, boolean hydrationEnabled, Path hydrationPath,
                             Duration snapshotTimeout, BufferRecovery bufferRecovery, long bufferLimit,
                             Duration closeTimeout, List<Duration> compactionLevels, Duration snapshotInterval,
                             Duration l0Retention, Duration snapshotRetention, boolean readahead) {

    /** What opening a writable database does with a buffer left by a crash. */
    public enum BufferRecovery {
        /** Replay every committed transaction in the buffer and upload it (ltxkit's default). */
        REPLAY,
        /** Drop the buffer, losing unsynced transactions (what Litestream does). */
        DISCARD
    }

    /** Checks every value. */
    public DatabaseConfig {
        positive("poll_interval", pollInterval);
        Objects.requireNonNull(syncInterval, "sync_interval");
        if (syncInterval.isNegative()) {
            throw ConfigValues.invalid("sync_interval", ConfigValues.format(syncInterval), "0 or more");
        }
        if (cacheSize < 64 * 1024) {
            throw ConfigValues.invalid("cache_size", Long.toString(cacheSize), "at least 65536 bytes");
        }
        Objects.requireNonNull(snapshotTimeout, "snapshot_timeout");
        if (snapshotTimeout.isNegative()) {
            throw ConfigValues.invalid("snapshot_timeout", ConfigValues.format(snapshotTimeout), "0 or more");
        }
        Objects.requireNonNull(bufferRecovery, "buffer_recovery");
        if (bufferLimit < 1 << 20) {
            throw ConfigValues.invalid("buffer_limit", Long.toString(bufferLimit), "at least 1MiB");
        }
        positive("close_timeout", closeTimeout);
        compactionLevels = List.copyOf(compactionLevels);
        if (compactionLevels.size() > 8) {
            throw ConfigValues.invalid("compaction_levels", compactionLevels.toString(), "at most 8 levels");
        }
        for (Duration d : compactionLevels) {
            positive("compaction_levels", d);
        }
        Objects.requireNonNull(snapshotInterval, "snapshot_interval");
        Objects.requireNonNull(l0Retention, "l0_retention");
        positive("snapshot_retention", snapshotRetention);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw ConfigValues.invalid(name, ConfigValues.format(d), "a positive duration");
        }
    }

    /** Returns a builder with every default set and no replica. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns this configuration with Litestream-style parameters applied: URI query parameters or environment
     * variables ({@code LITESTREAM_*}, pass {@code environment = true}).
     *
     * @param values      parameter values by URI name, or by environment variable name when {@code environment}
     * @param environment whether {@code values} is an environment (unrelated variables are then ignored)
     * @throws IllegalArgumentException naming the parameter of an unknown name or a malformed value
     */
    public DatabaseConfig withParameters(Map<String, String> values, boolean environment) {
        Builder b = toBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            if (environment) {
                ConfigParameter p = null;
                for (ConfigParameter c : ConfigParameter.values()) {
                    if (c.environmentVariable().equals(key)) {
                        p = c;
                    }
                }
                if (p != null) {
                    b.apply(p, e.getValue(), p.environmentVariable());
                }
            } else if (!ConfigParameter.SQLITE_PARAMETERS.contains(key)) {
                ConfigParameter p = ConfigParameter.byUriName(key).orElseThrow(() -> new IllegalArgumentException(
                        "unknown parameter '" + key + "' (known: " + ConfigParameter.knownNames() + ")"));
                b.apply(p, e.getValue(), key);
            }
        }
        return b.build();
    }

    /** A builder of {@link DatabaseConfig}; not thread-safe. */
    public static final class Builder {
        private String replicaUrl;
        private Duration pollInterval = Duration.ofSeconds(1);
        private long cacheSize = 10L << 20;
        private boolean writeEnabled;
        private Duration syncInterval = Duration.ofSeconds(1);
        private Path bufferPath;
        private boolean hydrationEnabled;
        private Path hydrationPath;
        private Duration snapshotTimeout = Duration.ofSeconds(30);
        private BufferRecovery bufferRecovery = BufferRecovery.REPLAY;
        private long bufferLimit = 1L << 30;
        private Duration closeTimeout = Duration.ofSeconds(10);
        private List<Duration> compactionLevels = List.of();
        private Duration snapshotInterval = Duration.ZERO;
        private Duration l0Retention = Duration.ofMinutes(5);
        private Duration snapshotRetention = Duration.ofHours(24);
        private boolean readahead = true;

        private Builder() {
        }

        private Builder(DatabaseConfig c) {
            replicaUrl = c.replicaUrl;
            pollInterval = c.pollInterval;
            cacheSize = c.cacheSize;
            writeEnabled = c.writeEnabled;
            syncInterval = c.syncInterval;
            bufferPath = c.bufferPath;
            hydrationEnabled = c.hydrationEnabled;
            hydrationPath = c.hydrationPath;
            snapshotTimeout = c.snapshotTimeout;
            bufferRecovery = c.bufferRecovery;
            bufferLimit = c.bufferLimit;
            closeTimeout = c.closeTimeout;
            compactionLevels = c.compactionLevels;
            snapshotInterval = c.snapshotInterval;
            l0Retention = c.l0Retention;
            snapshotRetention = c.snapshotRetention;
            readahead = c.readahead;
        }

        private void apply(ConfigParameter p, String v, String name) {
            switch (p) {
                case REPLICA_URL -> replicaUrl = v;
                case POLL_INTERVAL -> pollInterval = ConfigValues.duration(name, v);
                case CACHE_SIZE -> cacheSize = ConfigValues.bytes(name, v);
                case WRITE_ENABLED -> writeEnabled = ConfigValues.bool(name, v);
                case SYNC_INTERVAL -> syncInterval = ConfigValues.duration(name, v);
                case BUFFER_PATH -> bufferPath = v.isEmpty() ? null : Path.of(v);
                case HYDRATION_ENABLED -> hydrationEnabled = ConfigValues.bool(name, v);
                case HYDRATION_PATH -> hydrationPath = v.isEmpty() ? null : Path.of(v);
                case SNAPSHOT_TIMEOUT -> snapshotTimeout = ConfigValues.duration(name, v);
                case BUFFER_RECOVERY -> bufferRecovery = switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "replay" -> BufferRecovery.REPLAY;
                    case "discard" -> BufferRecovery.DISCARD;
                    default -> throw ConfigValues.invalid(name, v, "replay or discard");
                };
                case BUFFER_LIMIT -> bufferLimit = ConfigValues.bytes(name, v);
                case CLOSE_TIMEOUT -> closeTimeout = ConfigValues.duration(name, v);
                case COMPACTION_LEVELS -> {
                    List<Duration> levels = new ArrayList<>();
                    if (!v.isBlank() && !v.trim().equalsIgnoreCase("off")) {
                        for (String part : v.split(",")) {
                            levels.add(ConfigValues.duration(name, part));
                        }
                    }
                    compactionLevels = levels;
                }
                case SNAPSHOT_INTERVAL -> snapshotInterval = v.trim().equalsIgnoreCase("off") ? Duration.ZERO
                        : ConfigValues.duration(name, v);
                case L0_RETENTION -> l0Retention = ConfigValues.duration(name, v);
                case SNAPSHOT_RETENTION -> snapshotRetention = ConfigValues.duration(name, v);
                case READAHEAD -> readahead = ConfigValues.bool(name, v);
                default -> throw new IllegalStateException("unhandled parameter " + p);
            }
        }

        /** Sets the replica URL. */
        public Builder replicaUrl(String url) {
            this.replicaUrl = url;
            return this;
        }

        /** Sets how often new LTX files are looked for (default 1 s). */
        public Builder pollInterval(Duration d) {
            this.pollInterval = d;
            return this;
        }

        /** Sets the page cache size in bytes (default 10 MiB). */
        public Builder cacheSize(long bytes) {
            this.cacheSize = bytes;
            return this;
        }

        /** Enables or disables writes (default disabled). */
        public Builder writeEnabled(boolean enabled) {
            this.writeEnabled = enabled;
            return this;
        }

        /** Sets how often writes are uploaded (default 1 s; zero for close and on-demand only). */
        public Builder syncInterval(Duration d) {
            this.syncInterval = d;
            return this;
        }

        /** Sets the write buffer's path (default a temporary file). */
        public Builder bufferPath(Path path) {
            this.bufferPath = path;
            return this;
        }

        /** Enables or disables background hydration (default disabled). */
        public Builder hydrationEnabled(boolean enabled) {
            this.hydrationEnabled = enabled;
            return this;
        }

        /** Sets the hydrated copy's path (default a temporary file). */
        public Builder hydrationPath(Path path) {
            this.hydrationPath = path;
            return this;
        }

        /** Sets how long a read-only open of an empty replica waits for a snapshot (default 30 s). */
        public Builder snapshotTimeout(Duration d) {
            this.snapshotTimeout = d;
            return this;
        }

        /** Sets what happens to a buffer left by a crash (default {@link BufferRecovery#REPLAY}). */
        public Builder bufferRecovery(BufferRecovery recovery) {
            this.bufferRecovery = recovery;
            return this;
        }

        /** Sets how much unsynced data the buffer may hold (default 1 GiB). */
        public Builder bufferLimit(long bytes) {
            this.bufferLimit = bytes;
            return this;
        }

        /** Sets how long closing waits for the final upload (default 10 s). */
        public Builder closeTimeout(Duration d) {
            this.closeTimeout = d;
            return this;
        }

        /** Sets compaction intervals for levels 1, 2, ... (default none). */
        public Builder compactionLevels(List<Duration> levels) {
            this.compactionLevels = levels;
            return this;
        }

        /** Sets how often a snapshot is written (default never). */
        public Builder snapshotInterval(Duration d) {
            this.snapshotInterval = d;
            return this;
        }

        /** Sets how long level-0 files outlive their compaction (default 5 min). */
        public Builder l0Retention(Duration d) {
            this.l0Retention = d;
            return this;
        }

        /** Sets how long snapshots are kept (default 24 h; the newest always is). */
        public Builder snapshotRetention(Duration d) {
            this.snapshotRetention = d;
            return this;
        }

        /** Enables or disables read-ahead for sequential reads (default enabled). */
        public Builder readahead(boolean enabled) {
            this.readahead = enabled;
            return this;
        }

        /** Builds the configuration, checking every value. */
        public DatabaseConfig build() {
            return new DatabaseConfig(replicaUrl, pollInterval, cacheSize, writeEnabled, syncInterval, bufferPath,
                    hydrationEnabled, hydrationPath, snapshotTimeout, bufferRecovery, bufferLimit, closeTimeout,
                    compactionLevels, snapshotInterval, l0Retention, snapshotRetention, readahead);
        }
    }
}
