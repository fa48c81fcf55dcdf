package io.github.ltxkit.ltx;

/**
 * What {@link LtxEncoder} wrote: enough to serve pages from the file without reading its tail back.
 *
 * @param header            the file's header
 * @param pageIndex         where each page's frame is in the file
 * @param postApplyChecksum the trailer's post-apply checksum (0 without checksums)
 * @param fileChecksum      the trailer's file checksum
 * @param size              the file's length in bytes
 */
public record EncodedLtx(LtxHeader header, PageIndex pageIndex, long postApplyChecksum, long fileChecksum,
                         long size) {
}
