package io.github.ltxkit.ltx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * CRC-64 as Go's {@code hash/crc64} computes it with the ISO table (the reveng catalogue's CRC-64/GO-ISO):
 * reflected polynomial {@code 0xD800000000000000}, initial value and final XOR all ones.
 *
 * <p>A running value follows Go's semantics: start from 0 and {@code update(update(0, a), b) == crc(a || b)}.
 * Uses slicing-by-8. Instances are not thread-safe; the static functions are.
 */
final class Crc64 {
    private static final long POLY = 0xD800000000000000L;
    private static final long[][] TABLES = tables();
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The running CRC. Owned by the thread using this instance. */
    private long value;

    /** Adds bytes to the running value. */
    void update(byte[] b, int off, int len) {
        value = update(value, b, off, len);
    }

    /** Adds one big-endian u32 to the running value. */
    void updateInt(int v) {
        byte[] b = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        update(b, 0, 4);
    }

    /** Returns the running value. */
    long value() {
        return value;
    }

    /** Returns {@code crc} extended by {@code len} bytes of {@code b} from {@code off}. */
    static long update(long crc, byte[] b, int off, int len) {
        long[] t0 = TABLES[0];
        long[] t1 = TABLES[1];
        long[] t2 = TABLES[2];
        long[] t3 = TABLES[3];
        long[] t4 = TABLES[4];
        long[] t5 = TABLES[5];
        long[] t6 = TABLES[6];
        long[] t7 = TABLES[7];
        long c = ~crc;
        int i = off;
        int end = off + len;
        while (end - i >= 8) {
            c ^= (long) LONG_LE.get(b, i);
            c = t7[(int) (c & 0xff)] ^ t6[(int) ((c >>> 8) & 0xff)] ^ t5[(int) ((c >>> 16) & 0xff)]
                    ^ t4[(int) ((c >>> 24) & 0xff)] ^ t3[(int) ((c >>> 32) & 0xff)] ^ t2[(int) ((c >>> 40) & 0xff)]
                    ^ t1[(int) ((c >>> 48) & 0xff)] ^ t0[(int) (c >>> 56)];
            i += 8;
        }
        while (i < end) {
            c = t0[(int) ((c ^ b[i]) & 0xff)] ^ (c >>> 8);
            i++;
        }
        return ~c;
    }

    /** Returns the CRC of {@code len} bytes of {@code b} from {@code off}. */
    static long of(byte[] b, int off, int len) {
        return update(0, b, off, len);
    }

    /**
     * Returns the CRC of {@code a || b} from the CRC of {@code a}, the CRC of {@code b} and the length of {@code b}:
     * {@code crcA} is advanced over {@code lengthB} zero bytes by squaring the zero-bit operator (as zlib combines
     * CRC-32s), which needs O(log lengthB) 64x64 bit-matrix products; the initial value and final XOR cancel out.
     */
    static long combine(long crcA, long crcB, long lengthB) {
        if (lengthB < 0) {
            throw new IllegalArgumentException("length must not be negative: " + lengthB);
        }
        if (lengthB == 0) {
            return crcA;
        }
        long[] odd = new long[64];
        long[] even = new long[64];
        odd[0] = POLY;
        long row = 1;
        for (int n = 1; n < 64; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd);
        square(odd, even);
        long crc = crcA;
        long len = lengthB;
        while (true) {
            square(even, odd);
            if ((len & 1) != 0) {
                crc = times(even, crc);
            }
            len >>>= 1;
            if (len == 0) {
                break;
            }
            square(odd, even);
            if ((len & 1) != 0) {
                crc = times(odd, crc);
            }
            len >>>= 1;
            if (len == 0) {
                break;
            }
        }
        return crc ^ crcB;
    }

    private static long times(long[] matrix, long vector) {
        long sum = 0;
        for (int i = 0; vector != 0; i++, vector >>>= 1) {
            if ((vector & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void square(long[] square, long[] matrix) {
        for (int n = 0; n < 64; n++) {
            square[n] = times(matrix, matrix[n]);
        }
    }

    private static long[][] tables() {
        long[][] t = new long[8][256];
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY : c >>> 1;
            }
            t[0][i] = c;
        }
        for (int i = 0; i < 256; i++) {
            for (int k = 1; k < 8; k++) {
                long prev = t[k - 1][i];
                t[k][i] = (prev >>> 8) ^ t[0][(int) (prev & 0xff)];
            }
        }
        return t;
    }
}
