package io.github.ltxkit.ltx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.ltxkit.ltx.RawLtxWriter.Frame;
import io.github.ltxkit.ltx.RawLtxWriter.RawFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The decoder's own page rules, which the Go decoder does not check: page numbers ascend, never exceed the commit,
 * never name the lock page, and a snapshot holds every page. Each file is written by {@link RawLtxWriter}, so it
 * breaks only the rule under test, and each rejection must name the file, the offset and the field.
 */
@Label("LTX decoder page rules")
class DecoderPageRuleProperties {
    private static final int[] PAGE_SIZES = {512, 1024, 2048, 4096, 8192, 16384, 32768, 65536};

    /** A valid page list: ascending page numbers under a header, with the pages' bytes drawn from {@code seed}. */
    record ValidPages(LtxHeader header, List<Long> pgnos, long seed) {
        List<Frame> frames() {
            return frames(pgnos);
        }

        List<Frame> frames(List<Long> numbers) {
            Random r = new Random(seed);
            List<Frame> frames = new ArrayList<>();
            for (long pgno : numbers) {
                frames.add(new Frame(pgno, LtxCodecProperties.randomPage(r, header.pageSize())));
            }
            return frames;
        }

        @Override
        public String toString() {
            return "ValidPages{" + header.pageSize() + "B commit=" + header.commit() + " " + header.txRange()
                    + " checksums=" + header.hasChecksums() + " pages=" + pgnos + "}";
        }
    }

    @Provide
    Arbitrary<ValidPages> validPages() {
        return Combinators.combine(Arbitraries.of(Arrays.stream(PAGE_SIZES).boxed().toList()), Arbitraries.longs(),
                Arbitraries.of(true, false), Arbitraries.of(true, false)).as(DecoderPageRuleProperties::randomPages);
    }

    /** Between 1 and 12 pages (page numbers far below every lock page), a commit of at least 1. */
    static ValidPages randomPages(int pageSize, long seed, boolean snapshot, boolean checksums) {
        Random r = new Random(seed);
        List<Long> pgnos = new ArrayList<>();
        long commit;
        if (snapshot) {
            commit = 1 + r.nextInt(12);
            for (long p = 1; p <= commit; p++) {
                pgnos.add(p);
            }
        } else {
            commit = 1 + r.nextInt(300);
            TreeSet<Long> set = new TreeSet<>();
            for (int n = 1 + r.nextInt(12); n > 0; n--) {
                set.add(1 + (long) r.nextInt((int) commit));
            }
            pgnos.addAll(set);
        }
        long min = snapshot ? 1 : 2 + r.nextInt(100);
        LtxHeader header = checksums
                ? LtxHeader.withChecksums(pageSize, commit, min, min + r.nextInt(3), 1_700_000_000_000L,
                snapshot ? 0 : Ltx.CHECKSUM_FLAG | r.nextLong())
                : LtxHeader.withoutChecksums(pageSize, commit, min, min + r.nextInt(3), 1_700_000_000_000L);
        return new ValidPages(header, pgnos, seed);
    }

    @Property(tries = 100)
    void theTestWriterWritesTheEncodersBytesForAValidPageList(@ForAll("validPages") ValidPages valid)
            throws IOException {
        List<Frame> frames = valid.frames();
        long post = RawLtxWriter.acceptablePostApply(valid.header(), frames);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LtxEncoder encoder = LtxEncoder.create(out, valid.header());
        for (Frame f : frames) {
            encoder.writePage(f.pgno(), f.page(), 0);
        }
        encoder.finish(post);
        RawFile raw = RawLtxWriter.write(valid.header(), frames, post);
        assertThat(raw.bytes()).isEqualTo(out.toByteArray());
        assertThat(LtxDecoder.verify(new ByteArrayInputStream(raw.bytes()), "raw").pageCount())
                .isEqualTo(frames.size());
    }

    @Property(tries = 150)
    void aPageNumberThatRepeatsOrStepsBackIsRejectedAtItsFrame(@ForAll("validPages") ValidPages valid,
                                                               @ForAll long seed) throws IOException {
        // An extra frame goes in after an existing one, so a snapshot still holds every page 1..commit.
        List<Long> pgnos = new ArrayList<>(valid.pgnos());
        Random r = new Random(seed);
        int at = 1 + r.nextInt(pgnos.size());
        long prev = pgnos.get(at - 1);
        long bad = r.nextBoolean() ? prev : 1 + r.nextInt((int) prev);
        pgnos.add(at, bad);
        LtxHeader header = valid.header();
        RawFile file = RawLtxWriter.write(header, valid.frames(pgnos));

        assertRejected(file, header, file.frameOffsets()[at], "page " + bad,
                "out-of-order page numbers: " + bad + " after " + prev);
        LtxFormatException fromIndex = catchThrowableOfType(LtxFormatException.class, () -> PageIndex.read(
                (off, len) -> Arrays.copyOfRange(file.bytes(), (int) off, (int) off + len), file.bytes().length,
                "index"));
        assertThat(fromIndex).as("the page index of the same file").isNotNull();
        assertThat(fromIndex.offset()).isEqualTo(file.indexEntryOffsets()[at]);
        assertThat(fromIndex.reason()).isEqualTo("page numbers must ascend: " + bad + " after " + prev);
    }

    @Property(tries = 150)
    void aPageNumberAboveTheCommitIsRejectedAtItsFrame(@ForAll("validPages") ValidPages valid, @ForAll long seed)
            throws IOException {
        Random r = new Random(seed);
        long commit = valid.header().commit();
        List<Long> pgnos = new ArrayList<>(valid.pgnos());
        int at = pgnos.size();
        long beyond = r.nextInt(4) == 0 ? 0xFFFF_FFFFL : commit + 1 + r.nextInt(5);
        pgnos.add(beyond);
        if (beyond < 0xFFFF_FFFFL && r.nextBoolean()) {
            pgnos.add(beyond + 1);
        }
        RawFile file = RawLtxWriter.write(valid.header(), valid.frames(pgnos));

        assertRejected(file, valid.header(), file.frameOffsets()[at], "page " + beyond,
                "page number " + beyond + " out of bounds for commit size " + commit);
    }

    @Property(tries = 150)
    void aSnapshotWithoutEveryPageIsRejectedWhereTheFirstGapShows(@ForAll("validPages") ValidPages valid,
                                                                 @ForAll long seed) throws IOException {
        long commit = valid.header().commit();
        LtxHeader header = valid.header().isSnapshot() ? valid.header()
                : LtxHeader.withoutChecksums(valid.header().pageSize(), commit, 1, 1, 0);
        Random r = new Random(seed);
        TreeSet<Long> missing = new TreeSet<>();
        for (int n = 1 + r.nextInt((int) commit); n > 0; n--) {
            missing.add(1 + (long) r.nextInt((int) commit));
        }
        List<Long> pgnos = new ArrayList<>();
        for (long p = 1; p <= commit; p++) {
            if (!missing.contains(p)) {
                pgnos.add(p);
            }
        }
        RawFile file = RawLtxWriter.write(header, valid.frames(pgnos));

        long gap = missing.first();
        int firstAfterGap = (int) (gap - 1);
        if (firstAfterGap < pgnos.size()) {
            long found = pgnos.get(firstAfterGap);
            assertRejected(file, header, file.frameOffsets()[firstAfterGap], "page " + found,
                    "snapshot is missing pages: found page " + found + ", want " + gap);
        } else {
            assertRejected(file, header, file.endMarkerOffset(), "snapshot",
                    "incomplete: pages end at " + (gap - 1) + " but commit is " + commit);
        }
    }

    @Property(tries = 40)
    void theLockPageIsRejectedInsideAnIncrementalFileAtEveryPageSize(@ForAll("pageSizes") int pageSize,
                                                                     @ForAll boolean checksums, @ForAll long seed)
            throws IOException {
        Random r = new Random(seed);
        long lock = Ltx.lockPgno(pageSize);
        TreeSet<Long> pgnos = new TreeSet<>();
        for (int n = r.nextInt(4); n > 0; n--) {
            pgnos.add(lock - 1 - r.nextInt(5));
        }
        int at = pgnos.size();
        pgnos.add(lock);
        for (int n = r.nextInt(4); n > 0; n--) {
            pgnos.add(lock + 1 + r.nextInt(5));
        }
        long commit = lock + 5 + r.nextInt(3);
        LtxHeader header = checksums
                ? LtxHeader.withChecksums(pageSize, commit, 7, 7, 0, Ltx.CHECKSUM_FLAG | r.nextLong())
                : LtxHeader.withoutChecksums(pageSize, commit, 7, 7, 0);
        ValidPages pages = new ValidPages(header, List.copyOf(pgnos), seed);
        RawFile file = RawLtxWriter.write(header, pages.frames());

        assertRejected(file, header, file.frameOffsets()[at], "page " + lock,
                "the lock page (" + lock + ") must never be stored");
    }

    @Provide
    Arbitrary<Integer> pageSizes() {
        return Arbitraries.of(Arrays.stream(PAGE_SIZES).boxed().toList());
    }

    /** Asserts that verifying {@code file} fails with exactly this offset, field and reason, naming the file. */
    static void assertRejected(RawFile file, LtxHeader header, long offset, String field, String reason) {
        String name = header.txRange().fileName();
        LtxFormatException e = catchThrowableOfType(LtxFormatException.class,
                () -> LtxDecoder.verify(new ByteArrayInputStream(file.bytes()), name));
        assertThat(e).as("the decoder must reject the file").isNotNull();
        assertThat(e.source()).isEqualTo(name);
        assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
        assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.getMessage()).isEqualTo(name + ": offset " + offset + ": " + field + ": " + reason);
    }
}
