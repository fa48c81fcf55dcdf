package io.github.ltxkit.ltx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64Test {

    /** The bytewise reference algorithm of the format specification. */
    static long reference(byte[] b) {
        long[] t = new long[256];
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0xD800000000000000L : c >>> 1;
            }
            t[i] = c;
        }
        long crc = ~0L;
        for (byte x : b) {
            crc = t[(int) ((crc ^ x) & 0xff)] ^ (crc >>> 8);
        }
        return ~crc;
    }

    @Test
    void matchesTheGoIsoCheckValues() {
        assertThat(Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9)).isEqualTo(0xB90956C775A41001L);
        assertThat(Crc64.of(new byte[0], 0, 0)).isZero();
    }

    @Test
    void slicingByEightEqualsTheBytewiseAlgorithmAtEveryLengthAndAlignment() {
        Random r = new Random(42);
        for (int len = 0; len < 300; len++) {
            byte[] b = new byte[len + 7];
            r.nextBytes(b);
            for (int off = 0; off < 7; off++) {
                byte[] slice = java.util.Arrays.copyOfRange(b, off, off + len);
                assertThat(Crc64.of(b, off, len)).isEqualTo(reference(slice));
            }
        }
    }

    @Test
    void streamingInPiecesEqualsOneUpdate() {
        byte[] b = new byte[1000];
        new Random(7).nextBytes(b);
        Crc64 c = new Crc64();
        c.update(b, 0, 3);
        c.update(b, 3, 500);
        c.update(b, 503, 497);
        assertThat(c.value()).isEqualTo(Crc64.of(b, 0, 1000));
    }

    @Test
    void theDatabaseChecksumIsAnOrderIndependentXorThatCanBeUpdatedPageByPage() {
        byte[] a = new byte[512];
        byte[] b = new byte[512];
        byte[] b2 = new byte[512];
        new Random(1).nextBytes(a);
        new Random(2).nextBytes(b);
        new Random(3).nextBytes(b2);
        long forward = new DatabaseChecksum().add(DatabaseChecksum.pageChecksum(1, a))
                .add(DatabaseChecksum.pageChecksum(2, b)).value();
        long backward = new DatabaseChecksum().add(DatabaseChecksum.pageChecksum(2, b))
                .add(DatabaseChecksum.pageChecksum(1, a)).value();
        assertThat(forward).isEqualTo(backward);
        long updated = DatabaseChecksum.startingAt(forward).remove(DatabaseChecksum.pageChecksum(2, b))
                .add(DatabaseChecksum.pageChecksum(2, b2)).value();
        long fresh = new DatabaseChecksum().add(DatabaseChecksum.pageChecksum(1, a))
                .add(DatabaseChecksum.pageChecksum(2, b2)).value();
        assertThat(updated).isEqualTo(fresh);
        assertThat(new DatabaseChecksum().value()).isEqualTo(Ltx.EMPTY_DATABASE_CHECKSUM);
    }
}
