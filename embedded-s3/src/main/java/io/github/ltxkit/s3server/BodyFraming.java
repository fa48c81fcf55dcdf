package io.github.ltxkit.s3server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * How an HTTP/1.1 message body is delimited, and copying such a body from one stream to another unchanged.
 *
 * @param kind   the framing
 * @param length the body length for {@link Kind#LENGTH}, otherwise -1
 */
record BodyFraming(Kind kind, long length) {
    /** The framings an HTTP/1.1 body can have. */
    enum Kind {
        /** No body. */
        NONE,
        /** Exactly {@code Content-Length} bytes. */
        LENGTH,
        /** {@code Transfer-Encoding: chunked}. */
        CHUNKED,
        /** A response body that runs until the connection closes. */
        UNTIL_CLOSE
    }

    static final BodyFraming NONE = new BodyFraming(Kind.NONE, -1);
    static final BodyFraming CHUNKED = new BodyFraming(Kind.CHUNKED, -1);
    static final BodyFraming UNTIL_CLOSE = new BodyFraming(Kind.UNTIL_CLOSE, -1);

    static BodyFraming length(long n) {
        return n == 0 ? NONE : new BodyFraming(Kind.LENGTH, n);
    }

    /** Copies the body from {@code in} to {@code out} byte for byte ({@code out} may be a null stream). */
    void copy(InputStream in, OutputStream out) throws IOException {
        switch (kind) {
            case NONE -> { }
            case LENGTH -> copyExactly(in, out, length);
            case CHUNKED -> copyChunked(in, out);
            case UNTIL_CLOSE -> in.transferTo(out);
        }
    }

    static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(64 * 1024, Math.max(n, 1))];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("connection closed with " + left + " of " + n + " body bytes still to come");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        int[] budget = {Integer.MAX_VALUE};
        while (true) {
            String sizeLine = HttpHead.readLine(in, budget, false);
            writeLine(out, sizeLine);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size line: '" + sizeLine + "'", e);
            }
            if (size == 0) {
                // trailer fields, then the empty line that ends the message
                for (String line = HttpHead.readLine(in, budget, false); ; line = HttpHead.readLine(in, budget, false)) {
                    writeLine(out, line);
                    if (line.isEmpty()) {
                        return;
                    }
                }
            }
            copyExactly(in, out, size);
            writeLine(out, HttpHead.readLine(in, budget, false));
        }
    }

    private static void writeLine(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
}
