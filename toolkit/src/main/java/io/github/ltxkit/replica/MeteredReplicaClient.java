package io.github.ltxkit.replica;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A decorator that counts every call to the client below it in a {@link ReplicaMetrics}: one request per call,
 * bytes read (including those streamed from {@link #open}) and written, and failed calls.
 *
 * <p>A write counts the full content length for each attempt, since the upload was sent whatever the answer. A
 * failure while reading an opened stream counts as one more error.
 *
 * <p>Thread-safe if the client below is.
 */
public final class MeteredReplicaClient implements ReplicaClient {
    private final ReplicaClient delegate;
    private final ReplicaMetrics metrics;

    /** Counts the calls to {@code delegate} in {@code metrics}. */
    public MeteredReplicaClient(ReplicaClient delegate, ReplicaMetrics metrics) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Returns the counters this client updates. */
    public ReplicaMetrics metrics() {
        return metrics;
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public List<LtxFileInfo> list(int level, long minTxid) throws ReplicaException {
        metrics.recordRequest(ReplicaOperation.LIST);
        try {
            return delegate.list(level, minTxid);
        } catch (ReplicaException | RuntimeException e) {
            metrics.recordError(ReplicaOperation.LIST);
            throw e;
        }
    }

    /** Counts as one LIST: the delegate's own default may make several, which the backend counts as it sees them. */
    @Override
    public List<LtxFileInfo> listAllLevels() throws ReplicaException {
        metrics.recordRequest(ReplicaOperation.LIST);
        try {
            return delegate.listAllLevels();
        } catch (ReplicaException | RuntimeException e) {
            metrics.recordError(ReplicaOperation.LIST);
            throw e;
        }
    }

    @Override
    public byte[] read(LtxFileKey key, long offset, int length) throws ReplicaException {
        metrics.recordRequest(ReplicaOperation.READ);
        try {
            byte[] bytes = delegate.read(key, offset, length);
            metrics.recordBytes(ReplicaOperation.READ, bytes.length);
            return bytes;
        } catch (ReplicaException | RuntimeException e) {
            metrics.recordError(ReplicaOperation.READ);
            throw e;
        }
    }

    @Override
    public InputStream open(LtxFileKey key) throws ReplicaException {
        metrics.recordRequest(ReplicaOperation.READ);
        try {
            return new CountingStream(delegate.open(key));
        } catch (ReplicaException | RuntimeException e) {
            metrics.recordError(ReplicaOperation.READ);
            throw e;
        }
    }

    @Override
    public void createIfAbsent(LtxFileKey key, UploadContent content, Instant createdAt) throws ReplicaException {
        metrics.recordRequest(ReplicaOperation.WRITE);
        metrics.recordBytes(ReplicaOperation.WRITE, content.length());
        try {
            delegate.createIfAbsent(key, content, createdAt);
        } catch (ReplicaException | RuntimeException e) {
            metrics.recordError(ReplicaOperation.WRITE);
            throw e;
        }
    }

    @Override
    public void delete(Collection<LtxFileKey> keys) throws ReplicaException {
        metrics.recordRequest(ReplicaOperation.DELETE);
        try {
            delegate.delete(keys);
        } catch (ReplicaException | RuntimeException e) {
            metrics.recordError(ReplicaOperation.DELETE);
            throw e;
        }
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "MeteredReplicaClient[" + delegate + "]";
    }

    /** Counts the bytes read from an opened file; owned by the thread reading it. */
    private final class CountingStream extends FilterInputStream {
        private boolean failed; // whether a read failure was already counted

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                if (b >= 0) {
                    metrics.recordBytes(ReplicaOperation.READ, 1);
                }
                return b;
            } catch (IOException | RuntimeException e) {
                countFailure();
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                if (n > 0) {
                    metrics.recordBytes(ReplicaOperation.READ, n);
                }
                return n;
            } catch (IOException | RuntimeException e) {
                countFailure();
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                long skipped = super.skip(n);
                metrics.recordBytes(ReplicaOperation.READ, skipped);
                return skipped;
            } catch (IOException | RuntimeException e) {
                countFailure();
                throw e;
            }
        }

        private void countFailure() {
            if (!failed) {
                failed = true;
                metrics.recordError(ReplicaOperation.READ);
            }
        }
    }
}
