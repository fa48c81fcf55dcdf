package io.github.ltxkit.fault;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The stream a fault-injecting {@code open} returns: counts the bytes it delivers into the request's journal entry
 * and finishes the request when the stream ends (succeeded), fails (failed) or is closed (succeeded, unless closing
 * fails). Not thread-safe, like most streams.
 */
final class JournaledInputStream extends InputStream {
    private final InputStream in;
    private final ActiveRequest request;

    JournaledInputStream(InputStream in, ActiveRequest request) {
        this.in = in;
        this.request = request;
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (IOException | RuntimeException e) {
            request.failed(e);
            throw e;
        }
        if (b < 0) {
            request.succeeded();
        } else {
            request.transferred(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            request.failed(e);
            throw e;
        }
        if (n < 0) {
            request.succeeded();
        } else {
            request.transferred(n);
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            request.failed(e);
            throw e;
        }
        request.succeeded();
    }
}
