package io.github.ltxkit.ltx;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Merges a contiguous chain of LTX files into one, as Litestream's compactor does, streaming.
 *
 * <p>When a page appears in several inputs the latest input wins; pages above the last input's commit are
 * dropped. The output starts at the first input's min TXID and ends at the last's max TXID, takes the last input's
 * commit and timestamp, and is a snapshot when the chain starts with one. It tracks database checksums only when
 * every input does (then its pre-apply checksum is the first input's and its post-apply checksum the last's).
 * Every input is fully verified while it is merged. Memory holds one page per input.
 */
public final class LtxCompactor {
    private LtxCompactor() {
    }

    /** Receives merged pages in ascending page-number order. */
    @FunctionalInterface
    interface PageSink {
        void accept(long pgno, byte[] page) throws IOException;
    }

    /**
     * Merges {@code inputs} (opened decoders, in TXID order) into {@code out}.
     *
     * @throws LtxFormatException if an input is invalid, the page sizes differ or the TXIDs leave a gap
     */
    public static EncodedLtx compact(List<LtxDecoder> inputs, OutputStream out) throws IOException {
        LtxHeader header = outputHeader(inputs);
        LtxEncoder encoder = LtxEncoder.create(out, header);
        merge(inputs, (pgno, page) -> encoder.writePage(pgno, page, 0));
        if (!header.hasChecksums()) {
            return encoder.finish();
        }
        long post = inputs.getLast().summary().postApplyChecksum();
        try {
            return encoder.finish(post);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new LtxFormatException(null, LtxFormatException.UNKNOWN_OFFSET, "post-apply checksum",
                    "the chain's checksums do not agree with its pages: " + e.getMessage(), e);
        }
    }

    /** Returns the header of the merged file, after checking that the chain is mergeable. */
    static LtxHeader outputHeader(List<LtxDecoder> inputs) throws LtxFormatException {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to compact: no input files");
        }
        LtxHeader first = inputs.getFirst().header();
        LtxHeader last = inputs.getLast().header();
        boolean checksums = true;
        long prevMax = 0;
        for (int i = 0; i < inputs.size(); i++) {
            LtxHeader h = inputs.get(i).header();
            String name = h.txRange().fileName();
            if (h.pageSize() != first.pageSize()) {
                throw new LtxFormatException(name, 8, "page size", "is " + h.pageSize() + " but the chain starts with "
                        + first.pageSize());
            }
            if (i > 0 && !h.txRange().continues(prevMax)) {
                throw new LtxFormatException(name, 16, "TXID range", "does not continue the chain that ends at "
                        + Ltx.formatTxid(prevMax) + " (a gap or a step back)");
            }
            prevMax = h.maxTxid();
            checksums &= h.hasChecksums();
        }
        if (checksums) {
            return LtxHeader.withChecksums(first.pageSize(), last.commit(), first.minTxid(), last.maxTxid(),
                    last.timestamp(), first.preApplyChecksum());
        }
        return LtxHeader.withoutChecksums(first.pageSize(), last.commit(), first.minTxid(), last.maxTxid(),
                last.timestamp());
    }

    /** Streams the merged pages of {@code inputs} (latest input wins, pages above the final commit dropped). */
    static void merge(List<LtxDecoder> inputs, PageSink sink) throws IOException {
        int n = inputs.size();
        int pageSize = inputs.getFirst().header().pageSize();
        long commit = inputs.getLast().header().commit();
        byte[][] pages = new byte[n][pageSize];
        long[] heads = new long[n];
        for (int i = 0; i < n; i++) {
            heads[i] = inputs.get(i).readPage(pages[i]);
        }
        while (true) {
            long min = 0;
            int winner = -1;
            for (int i = 0; i < n; i++) {
                if (heads[i] != 0 && (winner < 0 || heads[i] <= min)) {
                    min = heads[i];
                    winner = i;
                }
            }
            if (winner < 0) {
                return;
            }
            if (min <= commit) {
                sink.accept(min, pages[winner]);
            }
            for (int i = 0; i < n; i++) {
                if (heads[i] == min) {
                    heads[i] = inputs.get(i).readPage(pages[i]);
                }
            }
        }
    }
}
