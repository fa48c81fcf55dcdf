package io.github.ltxkit.cli;

import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.UploadContent;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A replica client that counts the bytes of every upload into a {@link Progress} bar, whose total becomes the
 * length of the upload. A request that is retried, or
 * a body the SDK reads twice, rewinds the count of the attempt it replaces. Thread-safe.
 */
final class UploadProgressClient implements ReplicaClient {
    private final ReplicaClient delegate;
    private final Progress progress;

    UploadProgressClient(ReplicaClient delegate, Progress progress) {
        this.delegate = delegate;
        this.progress = progress;
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public List<LtxFileInfo> list(int level, long minTxid) throws ReplicaException {
        return delegate.list(level, minTxid);
    }

    @Override
    public byte[] read(LtxFileKey key, long offset, int length) throws ReplicaException {
        return delegate.read(key, offset, length);
    }

    @Override
    public InputStream open(LtxFileKey key) throws ReplicaException {
        return delegate.open(key);
    }

    @Override
    public void createIfAbsent(LtxFileKey key, UploadContent content, Instant createdAt) throws ReplicaException {
        AtomicLong counted = new AtomicLong();
        progress.total(content.length());
        UploadContent counting = UploadContent.of(content.length(), () -> {
            progress.rewind(counted.getAndSet(0));
            return new Counting(content.open(), counted);
        });
        try {
            delegate.createIfAbsent(key, counting, createdAt);
        } catch (ReplicaException | RuntimeException e) {
            progress.rewind(counted.getAndSet(0));
            throw e;
        }
    }

    @Override
    public void delete(Collection<LtxFileKey> keys) throws ReplicaException {
        delegate.delete(keys);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private final class Counting extends FilterInputStream {
        private final AtomicLong counted;

        Counting(InputStream in, AtomicLong counted) {
            super(in);
            this.counted = counted;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            if (skipped > 0) {
                count(skipped);
            }
            return skipped;
        }

        private void count(long n) {
            counted.addAndGet(n);
            progress.advance(n);
        }
    }
}
