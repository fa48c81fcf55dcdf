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

    /**
     * Checks the file checksum a trailer stores against the CRC-64 of the content before it.
     *
     * @param crc    the CRC-64 of every byte of the file before the file checksum field
     * @param stored the file checksum the trailer stores
     * @param source the file, as errors name it
     * @param offset where the file checksum field is in the file
     * @param detail what a mismatch's reason ends with, e.g. how the content was read ({@code ""} for nothing)
     * @throws LtxFormatException if bit 63 of the stored checksum is not set, or the checksums differ
     */
    public static void verify(long crc, long stored, String source, long offset, String detail)
            throws LtxFormatException {
        if ((stored & Ltx.CHECKSUM_FLAG) == 0) {
            throw new LtxFormatException(source, offset, "file checksum", "bit 63 is not set: "
                    + Ltx.formatChecksum(stored));
        }
        long computed = fileChecksum(crc);
        if (computed != stored) {
            throw new LtxFormatException(source, offset, "file checksum", "file checksum mismatch: stored "
                    + Ltx.formatChecksum(stored) + ", computed " + Ltx.formatChecksum(computed) + detail);
        }
    }
}
