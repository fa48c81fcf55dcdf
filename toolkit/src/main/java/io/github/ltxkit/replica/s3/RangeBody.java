package io.github.ltxkit.replica.s3;

import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.replica.TransientReplicaException;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the body of a ranged GET, checking that it is exactly the bytes asked for. Stateless. */
final class RangeBody {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private RangeBody() {
    }

    /**
     * Returns {@code min(length, size - offset)} bytes from the body of a response to
     * {@code Range: bytes=offset-(offset+length-1)}; a server that ignored the range and sent the whole object is
     * handled too.
     *
     * @throws TransientReplicaException if the body ends early or the connection breaks
     * @throws ReplicaException          if the server sent another range than the one asked for
     */
    static byte[] read(InputStream in, String contentRange, Long contentLength, long offset, int length, String key)
            throws ReplicaException {
        long expected;
        if (contentRange != null) {
            Matcher m = CONTENT_RANGE.matcher(contentRange.trim());
            if (!m.matches()) {
                throw new ReplicaException(ReplicaOperation.READ, key, "unreadable Content-Range: '" + contentRange
                        + "'", null);
            }
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            expected = last - first + 1;
            boolean totalKnown = !m.group(3).equals("*");
            long want = totalKnown ? Math.min(length, Long.parseLong(m.group(3)) - offset) : Math.min(length, expected);
            if (first != offset || expected != want) {
                throw new ReplicaException(ReplicaOperation.READ, key, "server sent " + contentRange + " for a request of "
                        + length + " bytes at offset " + offset, null);
            }
        } else {
            Long size = contentLength;
            if (size == null) {
                throw new ReplicaException(ReplicaOperation.READ, key,
                        "response has neither Content-Range nor Content-Length", null);
            }
            expected = Math.max(0, Math.min(length, size - offset));
            if (expected > 0) {
                try {
                    in.skipNBytes(offset);
                } catch (IOException e) {
                    throw cutShort(key, 0, expected, e);
                }
            }
        }
        byte[] buf = new byte[(int) expected];
        int got = 0;
        try {
            while (got < expected) {
                int n = in.read(buf, got, buf.length - got);
                if (n < 0) {
                    throw cutShort(key, got, expected, null);
                }
                got += n;
            }
        } catch (ReplicaException e) {
            throw e;
        } catch (IOException e) {
            throw cutShort(key, got, expected, e);
        }
        return buf;
    }

    static TransientReplicaException cutShort(String key, long got, long expected, Throwable cause) {
        return new TransientReplicaException(ReplicaOperation.READ, key,
                "body cut short: got " + got + " of " + expected + " bytes", cause);
    }
}
