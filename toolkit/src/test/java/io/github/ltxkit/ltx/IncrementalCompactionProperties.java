package io.github.ltxkit.ltx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.ltx.LtxCodecProperties.FileSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Compacting a chain that starts after TXID 1 (as Litestream's L1..L8 compactions do): the result is an incremental
 * file, not a snapshot, holding the union of the chain's pages with the newest version of each.
 */
@Label("Compacting incremental chains")
class IncrementalCompactionProperties {

    /** Incremental files in TXID order, and what compacting them must give (the union, newest version wins). */
    record Chain(List<FileSpec> files, SortedMap<Long, byte[]> expectedPages) {
        @Override
        public String toString() {
            return "Chain" + files.stream().map(f -> f.header().txRange() + "@" + f.header().commit() + "="
                    + f.pages().keySet()).toList();
        }
    }

    @Provide
    Arbitrary<Chain> chains() {
        return Combinators.combine(Arbitraries.of(512, 1024, 4096), Arbitraries.longs(),
                Arbitraries.integers().between(1, 6), Arbitraries.of(true, false))
                .as(IncrementalCompactionProperties::randomChain);
    }

    /**
     * A chain starting at a TXID above 1: files may overlap in TXIDs, change any pages, and shrink or grow the
     * database (a grown database gets its new pages, as Litestream writes them).
     */
    static Chain randomChain(int pageSize, long seed, int length, boolean checksums) {
        Random r = new Random(seed);
        List<FileSpec> files = new ArrayList<>();
        SortedMap<Long, byte[]> union = new TreeMap<>();
        long commit = 1 + r.nextInt(30);
        long prevMax = 1 + r.nextInt(50);
        long checksum = Ltx.CHECKSUM_FLAG | r.nextLong();
        for (int i = 0; i < length; i++) {
            long newCommit = Math.max(1, commit + r.nextInt(11) - 5);
            SortedMap<Long, byte[]> pages = new TreeMap<>();
            for (long p = commit + 1; p <= newCommit; p++) {
                pages.put(p, LtxCodecProperties.randomPage(r, pageSize));
            }
            for (int k = r.nextInt(5); k > 0; k--) {
                pages.put(1 + (long) r.nextInt((int) newCommit), LtxCodecProperties.randomPage(r, pageSize));
            }
            long min = i > 0 && r.nextInt(4) == 0 ? prevMax : prevMax + 1;
            long max = prevMax + 1 + r.nextInt(3);
            LtxHeader header = checksums
                    ? LtxHeader.withChecksums(pageSize, newCommit, min, max, 1_000 + i, checksum)
                    : LtxHeader.withoutChecksums(pageSize, newCommit, min, max, 1_000 + i);
            files.add(new FileSpec(header, pages));
            union.putAll(pages);
            checksum = Ltx.CHECKSUM_FLAG | r.nextLong();
            commit = newCommit;
            prevMax = max;
        }
        long finalCommit = commit;
        union.keySet().removeIf(p -> p > finalCommit);
        return new Chain(files, union);
    }

    @Property(tries = 150)
    void compactingAChainThatStartsAfterTxidOneGivesAnIncrementalFileWithTheNewestVersionOfEveryPage(
            @ForAll("chains") Chain chain) throws IOException {
        List<byte[]> encoded = new ArrayList<>();
        for (FileSpec f : chain.files()) {
            encoded.add(encode(f, postApplyOf(f)));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncodedLtx compacted = compact(chain.files(), encoded, out);

        LtxHeader first = chain.files().getFirst().header();
        LtxHeader last = chain.files().getLast().header();
        LtxHeader header = compacted.header();
        assertThat(header.isSnapshot()).isFalse();
        assertThat(header.minTxid()).isEqualTo(first.minTxid()).isGreaterThan(1);
        assertThat(header.maxTxid()).isEqualTo(last.maxTxid());
        assertThat(header.commit()).isEqualTo(last.commit());
        assertThat(header.timestamp()).isEqualTo(last.timestamp());
        assertThat(header.hasChecksums()).isEqualTo(first.hasChecksums());
        assertThat(header.preApplyChecksum()).isEqualTo(first.preApplyChecksum());
        assertThat(compacted.postApplyChecksum()).isEqualTo(postApplyOf(chain.files().getLast()));

        LtxFileSummary summary = LtxDecoder.verify(new ByteArrayInputStream(out.toByteArray()), "compacted");
        assertThat(summary.header()).isEqualTo(header);
        assertThat(summary.postApplyChecksum()).isEqualTo(compacted.postApplyChecksum());
        LtxCodecProperties.assertSamePages(LtxCodecProperties.decode(out.toByteArray()), chain.expectedPages());
    }

    @Example
    void aCompactedChainThatLacksPageOneDecodesAsAnIncrementalFile() throws IOException {
        FileSpec a = new FileSpec(LtxHeader.withoutChecksums(4096, 10, 5, 5, 1), pages(4096, 1, 3, 7));
        FileSpec b = new FileSpec(LtxHeader.withoutChecksums(4096, 12, 6, 8, 2), pages(4096, 2, 3, 5, 11, 12));
        FileSpec c = new FileSpec(LtxHeader.withoutChecksums(4096, 8, 8, 9, 3), pages(4096, 3, 3, 8));
        List<FileSpec> files = List.of(a, b, c);
        List<byte[]> encoded = new ArrayList<>();
        for (FileSpec f : files) {
            encoded.add(encode(f, 0));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        EncodedLtx compacted = compact(files, encoded, out);

        assertThat(compacted.header().isSnapshot()).isFalse();
        assertThat(compacted.header().txRange()).isEqualTo(new TxRange(5, 9));
        assertThat(compacted.header().commit()).isEqualTo(8);
        SortedMap<Long, byte[]> pages = LtxCodecProperties.decode(out.toByteArray());
        assertThat(pages.keySet()).containsExactly(3L, 5L, 7L, 8L);
        assertThat(pages.get(3L)).isEqualTo(c.pages().get(3L));
        assertThat(pages.get(5L)).isEqualTo(b.pages().get(5L));
        assertThat(pages.get(7L)).isEqualTo(a.pages().get(7L));
        assertThat(pages.get(8L)).isEqualTo(c.pages().get(8L));
    }

    /** Pages that say which page and which version of it they are. */
    private static SortedMap<Long, byte[]> pages(int pageSize, int version, long... pgnos) {
        SortedMap<Long, byte[]> pages = new TreeMap<>();
        for (long pgno : pgnos) {
            byte[] page = new byte[pageSize];
            page[0] = (byte) pgno;
            page[1] = (byte) version;
            pages.put(pgno, page);
        }
        return pages;
    }

    /** A post-apply checksum for an incremental file: any value with bit 63 set when it tracks checksums. */
    private static long postApplyOf(FileSpec f) {
        return f.header().hasChecksums() ? Ltx.CHECKSUM_FLAG | (f.header().maxTxid() * 0x9E3779B97F4A7C15L) : 0;
    }

    private static byte[] encode(FileSpec spec, long postApply) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LtxEncoder e = LtxEncoder.create(out, spec.header());
        for (var entry : spec.pages().entrySet()) {
            e.writePage(entry.getKey(), entry.getValue(), 0);
        }
        e.finish(postApply);
        return out.toByteArray();
    }

    private static EncodedLtx compact(List<FileSpec> files, List<byte[]> encoded, ByteArrayOutputStream out)
            throws IOException {
        List<LtxDecoder> inputs = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                inputs.add(LtxDecoder.open(new ByteArrayInputStream(encoded.get(i)),
                        files.get(i).header().txRange().fileName()));
            }
            return LtxCompactor.compact(inputs, out);
        } finally {
            for (LtxDecoder d : inputs) {
                d.close();
            }
        }
    }
}
