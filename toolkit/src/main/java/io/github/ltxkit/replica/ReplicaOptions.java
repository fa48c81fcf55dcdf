package io.github.ltxkit.replica;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How {@link Replica} connects to and retries against a replica. Build one with {@link #builder()}; the defaults
 * suit most tests.
 *
 * @param credentials    the S3 access key pair, or {@code null} to use the environment
 *                       ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, then
 *                       {@code LITESTREAM_ACCESS_KEY_ID}/{@code LITESTREAM_SECRET_ACCESS_KEY}, then the AWS SDK's
 *                       default chain)
 * @param retryPolicy    how transient failures are retried
 * @param requestTimeout the longest one request attempt may take (and the longest a stream may stall)
 * @param connectTimeout the longest opening a connection may take
 * @param maxConnections the size of the connection pool
 * @param decorator      wraps the metered backend before retries are added, e.g. with fault injection; the
 *                       identity by default
 */
public record ReplicaOptions(S3Credentials credentials, RetryPolicy retryPolicy, Duration requestTimeout,
        Duration connectTimeout, int maxConnections, UnaryOperator<ReplicaClient> decorator) {
    /** The default request timeout, 30 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The default connect timeout, 5 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The default connection pool size, 64. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    /** Checks the fields. */
    public ReplicaOptions {
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(decorator, "decorator");
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
    }

    /** Returns the default options. */
    public static ReplicaOptions defaults() {
        return builder().build();
    }

    /** Returns a builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding these options. */
    public Builder toBuilder() {
        return new Builder().credentials(credentials).retryPolicy(retryPolicy).requestTimeout(requestTimeout)
                .connectTimeout(connectTimeout).maxConnections(maxConnections).decorator(decorator);
    }

    @Override
    public String toString() {
        return "ReplicaOptions[credentials=" + credentials + ", retryPolicy=" + retryPolicy + ", requestTimeout="
                + requestTimeout + ", connectTimeout=" + connectTimeout + ", maxConnections=" + maxConnections + "]";
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** Builds {@link ReplicaOptions}; not thread-safe. */
    public static final class Builder {
        private S3Credentials credentials;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private UnaryOperator<ReplicaClient> decorator = UnaryOperator.identity();

        private Builder() {
        }

        /** Sets the S3 access key pair; {@code null} means: from the environment. */
        public Builder credentials(S3Credentials value) {
            this.credentials = value;
            return this;
        }

        /** Sets how transient failures are retried. */
        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = value;
            return this;
        }

        /** Sets the longest one request attempt may take. */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        /** Sets the longest opening a connection may take. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** Sets the size of the connection pool. */
        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /** Sets the decorator applied to the metered backend, below the retries. */
        public Builder decorator(UnaryOperator<ReplicaClient> value) {
            this.decorator = value;
            return this;
        }

        /** Returns the options, checked. */
        public ReplicaOptions build() {
            return new ReplicaOptions(credentials, retryPolicy, requestTimeout, connectTimeout, maxConnections,
                    decorator);
        }
    }
}
