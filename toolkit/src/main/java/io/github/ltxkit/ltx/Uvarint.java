package io.github.ltxkit.ltx;

import java.io.ByteArrayOutputStream;

/** Unsigned LEB128, as Go's {@code encoding/binary} Uvarint: 7 bits a byte, least significant group first. */
final class Uvarint {
    /** The most bytes a u64 takes. */
    static final int MAX_LEN = 10;

    private Uvarint() {
    }

    /** Appends {@code v} to {@code out}. */
    static void write(ByteArrayOutputStream out, long v) {
        while (Long.compareUnsigned(v, 0x80) >= 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Returns how many bytes {@code v} takes. */
    static int length(long v) {
        int n = 1;
        while (Long.compareUnsigned(v, 0x80) >= 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
