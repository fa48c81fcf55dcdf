package io.github.ltxkit.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one {@code sqlite3} process opens the Litestream VFS: the replica, the mode and the environment variables the
 * extension reads when it is loaded. Build one with {@link #builder(String)}.
 *
 * <p>Litestream 0.5.17 reads {@code LITESTREAM_REPLICA_URL}, {@code LITESTREAM_WRITE_ENABLED}, {@code
 * LITESTREAM_SYNC_INTERVAL}, {@code LITESTREAM_BUFFER_PATH}, {@code LITESTREAM_HYDRATION_ENABLED}, {@code
 * LITESTREAM_HYDRATION_PATH}, {@code LITESTREAM_LOG_LEVEL} and, for S3, {@code AWS_ACCESS_KEY_ID}/{@code
 * AWS_SECRET_ACCESS_KEY}. The harness sets the log file itself. {@link #toString()} never shows the secret key.
 * Immutable.
 *
 * @param replicaUrl       the replica, e.g. {@code file:///tmp/replica} or
 *                         {@code s3://bucket/db?endpoint=http://127.0.0.1:9000&force-path-style=true&region=us-east-1}
 * @param databaseName     the name given to {@code .open} (Litestream only uses it in logs and temp file names)
 * @param writeEnabled     whether the VFS accepts writes and uploads them
 * @param syncInterval     how often a writer uploads; {@code null} for Litestream's default (1 s); negative for
 *                         never, only when the database is closed
 * @param bufferPath       the writer's buffer file, or {@code null} for a temporary one
 * @param hydrationEnabled whether the VFS copies the whole database into a local file in the background
 * @param hydrationPath    the hydration file, or {@code null} for a temporary one
 * @param debugLog         whether Litestream logs at debug level
 * @param accessKeyId      the S3 access key id, or {@code null}
 * @param secretAccessKey  the S3 secret access key, or {@code null}
 * @param extraEnvironment further variables for the child process (they win over everything above)
 */
public record LitestreamConfig(String replicaUrl, String databaseName, boolean writeEnabled, Duration syncInterval,
        Path bufferPath, boolean hydrationEnabled, Path hydrationPath, boolean debugLog, String accessKeyId,
        String secretAccessKey, Map<String, String> extraEnvironment) {

    /** Checks the fields and copies the map. */
    public LitestreamConfig {
        Objects.requireNonNull(replicaUrl, "replicaUrl");
        Objects.requireNonNull(databaseName, "databaseName");
        if (replicaUrl.isBlank()) {
            throw new IllegalArgumentException("replicaUrl must not be blank");
        }
        if (databaseName.isBlank() || databaseName.contains("?") || databaseName.contains("'")
                || databaseName.contains("/")) {
            throw new IllegalArgumentException("databaseName must be a plain file name without '?', ''' or '/': '"
                    + databaseName + "'");
        }
        if (syncInterval != null && syncInterval.isZero()) {
            throw new IllegalArgumentException("syncInterval must not be zero (Litestream reads 0 as its default, 1 s):"
                    + " use null for the default or a negative duration for sync-on-close only");
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("give both accessKeyId and secretAccessKey, or neither");
        }
        extraEnvironment = Map.copyOf(Objects.requireNonNull(extraEnvironment, "extraEnvironment"));
    }

    /** Returns a builder for a read-only connection to {@code replicaUrl}. */
    public static Builder builder(String replicaUrl) {
        return new Builder(replicaUrl);
    }

    /** Returns a builder holding this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(replicaUrl);
        b.databaseName = databaseName;
        b.writeEnabled = writeEnabled;
        b.syncInterval = syncInterval;
        b.bufferPath = bufferPath;
        b.hydrationEnabled = hydrationEnabled;
        b.hydrationPath = hydrationPath;
        b.debugLog = debugLog;
        b.accessKeyId = accessKeyId;
        b.secretAccessKey = secretAccessKey;
        b.extraEnvironment.putAll(extraEnvironment);
        return b;
    }

    /** Returns the Litestream variables of this configuration (the log file excluded). */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LITESTREAM_REPLICA_URL", replicaUrl);
        if (writeEnabled) {
            env.put("LITESTREAM_WRITE_ENABLED", "true");
            if (syncInterval != null) {
                env.put("LITESTREAM_SYNC_INTERVAL", syncInterval.isNegative() ? "-1s" : syncInterval.toNanos() + "ns");
            }
            if (bufferPath != null) {
                env.put("LITESTREAM_BUFFER_PATH", bufferPath.toString());
            }
        }
        if (hydrationEnabled) {
            env.put("LITESTREAM_HYDRATION_ENABLED", "true");
            if (hydrationPath != null) {
                env.put("LITESTREAM_HYDRATION_PATH", hydrationPath.toString());
            }
        }
        if (debugLog) {
            env.put("LITESTREAM_LOG_LEVEL", "DEBUG");
        }
        if (accessKeyId != null) {
            env.put("AWS_ACCESS_KEY_ID", accessKeyId);
            env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        }
        env.putAll(extraEnvironment);
        return env;
    }

    @Override
    public String toString() {
        return "LitestreamConfig[replicaUrl=" + replicaUrl + ", databaseName=" + databaseName + ", writeEnabled="
                + writeEnabled + ", syncInterval=" + syncInterval + ", hydrationEnabled=" + hydrationEnabled
                + ", accessKeyId=" + accessKeyId + ", secretAccessKey=" + (secretAccessKey == null ? null : "<redacted>")
                + ", extraEnvironment=" + extraEnvironment.keySet() + "]";
    }

    /** Builds a {@link LitestreamConfig}; not thread-safe. */
    public static final class Builder {
        private final String replicaUrl;
        private String databaseName = "ltxkit.db";
        private boolean writeEnabled;
        private Duration syncInterval;
        private Path bufferPath;
        private boolean hydrationEnabled;
        private Path hydrationPath;
        private boolean debugLog;
        private String accessKeyId;
        private String secretAccessKey;
        private final Map<String, String> extraEnvironment = new LinkedHashMap<>();

        private Builder(String replicaUrl) {
            this.replicaUrl = replicaUrl;
        }

        /** Sets the name given to {@code .open}. */
        public Builder databaseName(String value) {
            this.databaseName = value;
            return this;
        }

        /** Makes the connection a writer that uploads every {@code interval} ({@code null}: Litestream's 1 s). */
        public Builder writer(Duration interval) {
            this.writeEnabled = true;
            this.syncInterval = interval;
            return this;
        }

        /** Makes the connection a writer that uploads only when the database is closed. */
        public Builder writerSyncingOnClose() {
            return writer(Duration.ofSeconds(-1));
        }

        /** Sets the writer's buffer file. */
        public Builder bufferPath(Path value) {
            this.bufferPath = value;
            return this;
        }

        /** Turns hydration on, into {@code path} ({@code null}: a temporary file). */
        public Builder hydration(Path path) {
            this.hydrationEnabled = true;
            this.hydrationPath = path;
            return this;
        }

        /** Sets whether Litestream logs at debug level. */
        public Builder debugLog(boolean value) {
            this.debugLog = value;
            return this;
        }

        /** Sets the S3 access key pair. */
        public Builder credentials(String keyId, String secretKey) {
            this.accessKeyId = keyId;
            this.secretAccessKey = secretKey;
            return this;
        }

        /** Adds a variable to the child's environment. */
        public Builder environment(String name, String value) {
            this.extraEnvironment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds variables to the child's environment. */
        public Builder environment(Map<String, String> values) {
            values.forEach(this::environment);
            return this;
        }

        /** Returns the configuration, checked. */
        public LitestreamConfig build() {
            return new LitestreamConfig(replicaUrl, databaseName, writeEnabled, syncInterval, bufferPath,
                    hydrationEnabled, hydrationPath, debugLog, accessKeyId, secretAccessKey, extraEnvironment);
        }
    }
}
