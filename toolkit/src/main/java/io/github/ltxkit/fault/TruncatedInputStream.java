package io.github.ltxkit.fault;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A stream that ends, silently, after the first {@code limit} bytes of another stream: a body cut short without an
 * error. Not thread-safe, like most streams.
 */
final class TruncatedInputStream extends InputStream {
    private final InputStream in;
    /** Confined to the reading thread. */
    private long remaining;

    TruncatedInputStream(InputStream in, long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        this.in = in;
        this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
