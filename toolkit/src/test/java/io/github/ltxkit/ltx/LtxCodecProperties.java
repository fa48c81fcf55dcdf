package io.github.ltxkit.ltx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

@Label("LTX codec properties")
class LtxCodecProperties {
    private static final int[] PAGE_SIZES = {512, 1024, 2048, 4096, 8192, 16384, 32768, 65536};

    /** A file to encode: its header and its pages. */
    record FileSpec(LtxHeader header, SortedMap<Long, byte[]> pages) {
        @Override
        public String toString() {
            return "FileSpec{" + header.pageSize() + "B x " + pages.size() + " pages " + pages.keySet()
                    .stream().limit(8).toList() + (pages.size() > 8 ? "..." : "") + " commit=" + header.commit()
                    + " " + header.txRange() + " checksums=" + header.hasChecksums() + "}";
        }
    }

    @Provide
    Arbitrary<FileSpec> files() {
        return fileSpecs();
    }

    /** Files of every page size up to 256 KiB, snapshots or incremental, some with pages around the lock page. */
    static Arbitrary<FileSpec> fileSpecs() {
        return Combinators.combine(Arbitraries.of(Arrays.stream(PAGE_SIZES).boxed().toList()),
                Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.of(true, false)).as(LtxCodecProperties::randomFile);
    }

    static FileSpec randomFile(int pageSize, long seed, boolean snapshot, boolean checksums, boolean nearLockPage) {
        Random r = new Random(seed);
        long lock = Ltx.lockPgno(pageSize);
        SortedMap<Long, byte[]> pages = new TreeMap<>();
        long commit;
        if (snapshot) {
            commit = 1 + r.nextInt(Math.max(2, 256 * 1024 / pageSize));
            for (long p = 1; p <= commit; p++) {
                pages.put(p, randomPage(r, pageSize));
            }
        } else {
            long base = nearLockPage ? lock - 3 : 1;
            commit = nearLockPage ? lock + 3 + r.nextInt(4) : 1 + r.nextInt(200);
            int n = r.nextInt(6);
            for (int i = 0; i < n; i++) {
                long p = base + r.nextInt((int) Math.min(commit - base + 1, 64));
                if (p != lock && p <= commit) {
                    pages.put(p, randomPage(r, pageSize));
                }
            }
        }
        long min = snapshot ? 1 : 2 + r.nextInt(1000);
        long max = min + r.nextInt(3);
        long ts = 1_700_000_000_000L + r.nextInt(1_000_000);
        LtxHeader h = checksums
                ? LtxHeader.withChecksums(pageSize, commit, min, max, ts, snapshot ? 0 : Ltx.CHECKSUM_FLAG | r.nextLong())
                : LtxHeader.withoutChecksums(pageSize, commit, min, max, ts);
        return new FileSpec(h, pages);
    }

    /** A page that is partly compressible and partly random, like real b-tree pages. */
    static byte[] randomPage(Random r, int pageSize) {
        byte[] page = new byte[pageSize];
        int randomBytes = r.nextInt(pageSize + 1);
        for (int i = 0; i < randomBytes; i++) {
            page[i] = (byte) r.nextInt(256);
        }
        for (int i = randomBytes; i < pageSize; i++) {
            page[i] = (byte) (i % 7);
        }
        return page;
    }

    static byte[] encode(FileSpec spec) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LtxEncoder e = LtxEncoder.create(out, spec.header());
        for (var entry : spec.pages().entrySet()) {
            e.writePage(entry.getKey(), entry.getValue(), 0);
        }
        if (spec.header().hasChecksums() && !spec.header().isSnapshot()) {
            e.finish(Ltx.CHECKSUM_FLAG | 12345);
        } else {
            e.finish();
        }
        return out.toByteArray();
    }

    static SortedMap<Long, byte[]> decode(byte[] file) throws IOException {
        SortedMap<Long, byte[]> pages = new TreeMap<>();
        try (LtxDecoder d = LtxDecoder.open(new ByteArrayInputStream(file), "file")) {
            byte[] page = new byte[d.header().pageSize()];
            for (long pgno; (pgno = d.readPage(page)) != 0; ) {
                pages.put(pgno, page.clone());
            }
        }
        return pages;
    }

    @Property(tries = 200)
    void randomPageSetsRoundTripAtEveryPageSize(@ForAll("files") FileSpec spec) throws IOException {
        byte[] file = encode(spec);
        assertSamePages(decode(file), spec.pages());
        PageIndex index = PageIndex.read((off, len) -> Arrays.copyOfRange(file, (int) off, (int) off + len),
                file.length, "file");
        assertThat(index.size()).isEqualTo(spec.pages().size());
        byte[] page = new byte[spec.header().pageSize()];
        int i = 0;
        for (var entry : spec.pages().entrySet()) {
            assertThat(index.find(entry.getKey())).isEqualTo(i);
            PageFrames.decode(file, (int) index.offset(i), index.frameSize(i), entry.getKey(),
                    spec.header().pageSize(), page, "file", index.offset(i));
            assertThat(page).isEqualTo(entry.getValue());
            i++;
        }
    }

    @Property(tries = 100)
    void legacyFrameFilesDecodeToTheSamePages(@ForAll("files") FileSpec spec, @ForAll boolean stored)
            throws IOException {
        long post = spec.header().hasChecksums()
                ? (spec.header().isSnapshot() ? snapshotChecksum(spec.pages()) : Ltx.CHECKSUM_FLAG | 7) : 0;
        byte[] file = LegacyFrameWriter.write(spec.header(), spec.pages(), post, stored);
        assertSamePages(decode(file), spec.pages());
    }

    /** A chain: a snapshot, then incrementals that shrink and grow the database. */
    record Chain(List<FileSpec> files, SortedMap<Long, byte[]> finalState) {
        @Override
        public String toString() {
            return "Chain" + files.stream().map(f -> f.header().txRange() + "@" + f.header().commit()).toList();
        }
    }

    @Provide
    Arbitrary<Chain> chains() {
        return Combinators.combine(Arbitraries.of(512, 1024, 4096), Arbitraries.longs(),
                Arbitraries.integers().between(1, 6)).as(LtxCodecProperties::randomChain);
    }

    static Chain randomChain(int pageSize, long seed, int length) {
        Random r = new Random(seed);
        SortedMap<Long, byte[]> state = new TreeMap<>();
        List<FileSpec> files = new ArrayList<>();
        long commit = 1 + r.nextInt(20);
        SortedMap<Long, byte[]> snap = new TreeMap<>();
        for (long p = 1; p <= commit; p++) {
            snap.put(p, randomPage(r, pageSize));
        }
        state.putAll(snap);
        files.add(new FileSpec(LtxHeader.withoutChecksums(pageSize, commit, 1, 1, 1), snap));
        long txid = 1;
        for (int i = 1; i < length; i++) {
            long newCommit = Math.max(1, commit + r.nextInt(11) - 5);
            SortedMap<Long, byte[]> changed = new TreeMap<>();
            for (long p = commit + 1; p <= newCommit; p++) {
                changed.put(p, randomPage(r, pageSize));
            }
            for (int k = r.nextInt(4); k > 0; k--) {
                changed.put(1 + (long) r.nextInt((int) newCommit), randomPage(r, pageSize));
            }
            state.keySet().removeIf(p -> p > newCommit);
            state.putAll(changed);
            long min = txid + 1;
            txid = min + r.nextInt(2);
            files.add(new FileSpec(LtxHeader.withoutChecksums(pageSize, newCommit, min, txid, 1 + i), changed));
            commit = newCommit;
        }
        return new Chain(files, state);
    }

    @Property(tries = 150)
    void compactingARandomChainEqualsApplyingItsFilesInOrder(@ForAll("chains") Chain chain) throws IOException {
        List<LtxDecoder> inputs = new ArrayList<>();
        for (FileSpec f : chain.files()) {
            inputs.add(LtxDecoder.open(new ByteArrayInputStream(encode(f)), f.header().txRange().fileName()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncodedLtx compacted = LtxCompactor.compact(inputs, out);
        assertThat(compacted.header().isSnapshot()).isTrue();
        assertThat(compacted.header().maxTxid()).isEqualTo(chain.files().getLast().header().maxTxid());
        assertThat(compacted.header().commit()).isEqualTo(chain.files().getLast().header().commit());
        assertSamePages(decode(out.toByteArray()), chain.finalState());
    }

    @Property(tries = 300)
    void arbitraryBytesNeverThrowAnythingButTheFormatError(@ForAll("files") FileSpec spec,
                                                          @ForAll @IntRange(min = 0, max = 64) int flips,
                                                          @ForAll long seed) throws IOException {
        byte[] file = encode(spec);
        Random r = new Random(seed);
        for (int i = 0; i < flips; i++) {
            file[r.nextInt(file.length)] ^= (byte) (1 << r.nextInt(8));
        }
        byte[] bytes = file;
        Throwable t = catchThrowable(() -> LtxDecoder.verify(new ByteArrayInputStream(bytes), "fuzz"));
        assertThat(t == null || t instanceof LtxFormatException).as(String.valueOf(t)).isTrue();
        Throwable r2 = catchThrowable(() -> PageIndex.read((off, n) -> Arrays.copyOfRange(bytes, (int) off,
                (int) (off + n)), bytes.length, "fuzz"));
        assertThat(r2 == null || r2 instanceof LtxFormatException).as(String.valueOf(r2)).isTrue();
    }

    @Property(tries = 50)
    void theEncoderRefusesTheLockPageAndOutOfOrderPages(@ForAll("pageSizes") int pageSize) throws IOException {
        long lock = Ltx.lockPgno(pageSize);
        LtxEncoder e = LtxEncoder.create(new ByteArrayOutputStream(),
                LtxHeader.withoutChecksums(pageSize, lock + 10, 2, 2, 0));
        byte[] page = new byte[pageSize];
        assertThatThrownBy(() -> e.writePage(lock, page, 0)).hasMessageContaining("lock page");
        e.writePage(lock + 1, page, 0);
        assertThatThrownBy(() -> e.writePage(lock - 1, page, 0)).hasMessageContaining("out-of-order");
        assertThatThrownBy(() -> e.writePage(lock + 11, page, 0)).hasMessageContaining("out of bounds");
    }

    @Provide
    Arbitrary<Integer> pageSizes() {
        return Arbitraries.of(Arrays.stream(PAGE_SIZES).boxed().toList());
    }

    static void assertSamePages(SortedMap<Long, byte[]> actual, SortedMap<Long, byte[]> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (var e : expected.entrySet()) {
            if (!Arrays.equals(actual.get(e.getKey()), e.getValue())) {
                throw new AssertionError("page " + e.getKey() + " differs");
            }
        }
    }

    static long snapshotChecksum(SortedMap<Long, byte[]> pages) {
        DatabaseChecksum c = new DatabaseChecksum();
        pages.forEach((p, d) -> c.add(DatabaseChecksum.pageChecksum(p, d)));
        return c.value();
    }
}
