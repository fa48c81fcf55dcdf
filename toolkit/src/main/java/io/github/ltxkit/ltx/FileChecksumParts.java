package io.github.ltxkit.ltx;

/**
 * The file checksum of an LTX file computed from pieces of the file read apart, in any order or in parallel: the
 * CRC-64 of each contiguous piece, combined in file order, is the CRC of everything before the file checksum field,
 * which {@link #fileChecksum} turns into the value the trailer stores.
 *
 * <pre>{@code
 * long crc = FileChecksumParts.crc(first, 0, first.length);
 * crc = FileChecksumParts.combine(crc, FileChecksumParts.crc(second, 0, n), n);
 * boolean intact = FileChecksumParts.fileChecksum(crc) == storedFileChecksum;
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class FileChecksumParts {
    private FileChecksumParts() {
    }

    /**
     * Returns the CRC-64 (Go's ISO table, as LTX uses) of {@code len} bytes of {@code b} from {@code off}.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code b}
     */
    public static long crc(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        return Crc64.of(b, off, len);
    }

    /**
     * Returns the CRC-64 of two pieces one after the other.
     *
     * @param first        the CRC of the first piece
     * @param second       the CRC of the second piece
     * @param secondLength the second piece's length in bytes
     * @throws IllegalArgumentException if {@code secondLength} is negative
     */
    public static long combine(long first, long second, long secondLength) {
        return Crc64.combine(first, second, secondLength);
    }

    /**
     * Returns the file checksum an LTX trailer stores for content whose CRC-64 is {@code crc}: bit 63 set, OR-ed onto
     * the CRC of every byte of the file before the file checksum field.
     */
    public static long fileChecksum(long crc) {
        return Ltx.CHECKSUM_FLAG | crc;
    }
}
