package io.github.ltxkit.ltx;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A byte source that knows its position and turns a short read into an {@link LtxFormatException} naming the
 * offset and field. Not thread-safe: owned by one decoder.
 */
final class LtxInput {
    private final InputStream in;
    private final String source;
    private final byte[] scratch = new byte[8];
    /** Bytes consumed so far, i.e. the file offset of the next byte. */
    private long position;

    LtxInput(InputStream in, String source, long startPosition) {
        this.in = in;
        this.source = source;
        this.position = startPosition;
    }

    long position() {
        return position;
    }

    String source() {
        return source;
    }

    LtxFormatException error(long offset, String field, String reason) {
        return new LtxFormatException(source, offset, field, reason);
    }

    /** Reads exactly {@code len} bytes or fails with "truncated" at the current offset. */
    void readFully(byte[] b, int off, int len, String field) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                throw error(position + done, field, "truncated: file ends after " + done + " of " + len + " bytes");
            }
            done += n;
        }
        position += len;
    }

    int readByte(String field) throws IOException {
        readFully(scratch, 0, 1, field);
        return scratch[0] & 0xff;
    }

    int readInt(String field) throws IOException {
        readFully(scratch, 0, 4, field);
        return ((scratch[0] & 0xff) << 24) | ((scratch[1] & 0xff) << 16) | ((scratch[2] & 0xff) << 8)
                | (scratch[3] & 0xff);
    }

    /** Reads a Go-style unsigned varint, feeding its bytes to {@code crc}. */
    long readUvarint(Crc64 crc, String field) throws IOException {
        long start = position;
        long value = 0;
        for (int i = 0; i < Uvarint.MAX_LEN; i++) {
            int b = readByte(field);
            crc.update(scratch, 0, 1);
            if (i == Uvarint.MAX_LEN - 1 && b > 1) {
                throw error(start, field, "varint overflows 64 bits");
            }
            value |= ((long) (b & 0x7f)) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw error(start, field, "varint longer than " + Uvarint.MAX_LEN + " bytes");
    }

    /** Returns whether the input is at its end; consumes one byte if it is not. */
    boolean atEnd() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (EOFException e) {
            return true;
        }
        if (b < 0) {
            return true;
        }
        position++;
        return false;
    }
}
