package io.github.ltxkit.bench.codec;

import java.io.OutputStream;

/** An output stream that drops what it is given and counts the bytes. Owned by one thread. */
final class CountingOutputStream extends OutputStream {
    /** Bytes written so far; owned by the writing thread. */
    private long count;

    @Override
    public void write(int b) {
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        count += len;
    }

    /** Returns the bytes written so far. */
    long count() {
        return count;
    }
}
