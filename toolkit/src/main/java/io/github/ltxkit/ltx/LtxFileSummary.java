package io.github.ltxkit.ltx;

/**
 * What a fully verified LTX file holds.
 *
 * @param header            the file's header
 * @param pageCount         the number of page frames
 * @param postApplyChecksum the database checksum after the file (0 without checksums)
 * @param fileChecksum      the file checksum from the trailer
 * @param fileSize          the file's length in bytes
 * @param indexOffset       the offset of the page index (just after the end marker)
 * @param indexSize         the length of the page index's varint part
 */
public record LtxFileSummary(LtxHeader header, int pageCount, long postApplyChecksum, long fileChecksum,
                             long fileSize, long indexOffset, long indexSize) {
}
