package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.FileChecksumParts;
import io.github.ltxkit.ltx.FrameSpan;
import io.github.ltxkit.ltx.LtxFormatException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The file checksum of a large LTX file that hydration reads as several parallel ranges: each range's task hands in
 * its {@link FrameSpan.Result}; the one that hands in the last joins the CRCs in file order and compares the result
 * with the checksum the trailer stores, so the whole file is checked as a streaming read would check it.
 *
 * <p>Thread-safe: each task writes its own slot before the atomic countdown, and only the task that brings the
 * count to zero reads the slots.
 */
final class SplitFileCheck {
    private final String source;
    private final long fileSize;
    private final FrameSpan.Result[] parts;
    private final AtomicInteger missing;

    SplitFileCheck(String source, long fileSize, int parts) {
        this.source = source;
        this.fileSize = fileSize;
        this.parts = new FrameSpan.Result[parts];
        this.missing = new AtomicInteger(parts);
    }

    /**
     * Hands in part {@code index}; returns true for the last part, once the file checked out.
     *
     * @throws LtxFormatException if this was the last part and the file checksum does not match, naming the file
     */
    boolean partDone(int index, FrameSpan.Result result) throws LtxFormatException {
        parts[index] = result;
        if (missing.decrementAndGet() != 0) {
            return false;
        }
        long crc = 0;
        for (FrameSpan.Result part : parts) {
            crc = FileChecksumParts.combine(crc, part.crc(), part.length());
        }
        FileChecksumParts.verify(crc, parts[parts.length - 1].fileChecksum(), source, fileSize - 8,
                " over " + parts.length + " ranges read in parallel");
        return true;
    }
}
