package io.github.ltxkit.fault;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** A stream that delivers another stream's bytes no faster than a rate. Not thread-safe, like most streams. */
final class ThrottledInputStream extends InputStream {
    private final InputStream in;
    private final Throttle throttle;

    ThrottledInputStream(InputStream in, long bytesPerSecond) {
        this.in = in;
        this.throttle = new Throttle(bytesPerSecond);
    }

    @Override
    public int read() throws IOException {
        throttle.start();
        int b = in.read();
        if (b >= 0) {
            throttle.moved(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        throttle.start();
        int n = in.read(buffer, offset, throttle.chunk(length));
        if (n > 0) {
            throttle.moved(n);
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
