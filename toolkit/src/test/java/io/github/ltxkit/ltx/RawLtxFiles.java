package io.github.ltxkit.ltx;

import java.util.ArrayList;
import java.util.List;

/** Hand-built LTX files that break one rule, for tests outside this package (the encoder refuses to write them). */
public final class RawLtxFiles {
    private RawLtxFiles() {
    }

    /**
     * Returns an incremental file (no checksums) of {@code txid} holding zero-filled pages {@code pgnos} in that
     * order, for a database of {@code commit} pages of {@code pageSize} bytes.
     */
    public static byte[] incremental(int pageSize, long commit, long txid, long... pgnos) {
        LtxHeader header = LtxHeader.withoutChecksums(pageSize, commit, txid, txid, 0);
        List<RawLtxWriter.Frame> frames = new ArrayList<>();
        for (long pgno : pgnos) {
            frames.add(new RawLtxWriter.Frame(pgno, new byte[pageSize]));
        }
        return RawLtxWriter.write(header, frames).bytes();
    }
}
