package io.github.ltxkit.replica.s3;

import io.github.ltxkit.replica.ReplicaException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of a whole-object GET: I/O errors while reading, and an end before Content-Length, become {@link
 * io.github.ltxkit.replica.TransientReplicaException}s; closing it before the end aborts the connection rather
 * than downloading the rest. Owned by the thread reading it.
 */
final class ObjectStream extends FilterInputStream {
    private final Runnable abort;
    private final String key;
    private final long length; // -1 if the response did not say
    private long position;

    /**
     * @param body   the response body
     * @param abort  drops the connection of the body, for a close before its end
     * @param key    the object's key, for messages
     * @param length the Content-Length, or {@code null} if the response did not say
     */
    ObjectStream(InputStream body, Runnable abort, String key, Long length) {
        super(body);
        this.abort = abort;
        this.key = key;
        this.length = length == null ? -1 : length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (ReplicaException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw RangeBody.cutShort(key, position, length, e);
        }
        if (n < 0) {
            if (length >= 0 && position < length) {
                throw RangeBody.cutShort(key, position, length, null);
            }
            return -1;
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public void close() throws IOException {
        if (length < 0 || position < length) {
            abort.run();
        }
        super.close();
    }
}
