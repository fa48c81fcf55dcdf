package io.github.ltxkit.bench.codec;

import io.github.ltxkit.bench.BenchContext;
import io.github.ltxkit.bench.Figures;
import io.github.ltxkit.bench.Goal;
import io.github.ltxkit.bench.Measurement;
import io.github.ltxkit.bench.Scenario;
import io.github.ltxkit.bench.ScenarioResult;
import io.github.ltxkit.bench.ScenarioResult.Fact;
import io.github.ltxkit.ltx.DatabaseFiles;
import io.github.ltxkit.ltx.DatabaseFiles.SnapshotOptions;
import io.github.ltxkit.ltx.EncodedLtx;
import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.ltx.LtxCompactor;
import io.github.ltxkit.ltx.LtxDecoder;
import io.github.ltxkit.ltx.LtxFileSummary;
import io.github.ltxkit.ltx.PageFrames;
import io.github.ltxkit.ltx.PageIndex;
import net.jpountz.lz4.LZ4Factory;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * LTX codec throughput on a 100 MB SQLite database: encode, decode and verify, random page access, compaction.
 * Figures are MB/s of page data (uncompressed page bytes), not of LTX bytes. Used by one thread.
 */
public final class CodecThroughput implements Scenario {
    private static final long FULL_SIZE = 100L << 20;
    private static final long QUICK_SIZE = 4L << 20;
    private static final int INCREMENTALS = 20;
    private static final long TIMESTAMP = 1_767_225_600_000L;
    private static final String SNAPSHOT_NAME = "0000000000000001-0000000000000001.ltx";
    private static final SnapshotOptions SNAPSHOT = new SnapshotOptions(1, TIMESTAMP, false);

    /** Creates the scenario. */
    public CodecThroughput() {
    }

    @Override
    public String name() {
        return "codec";
    }

    @Override
    public String title() {
        return "LTX codec throughput";
    }

    @Override
    public String description() {
        return """
                Encode and decode throughput of the LTX codec (`io.github.ltxkit.ltx`, public API only) on a \
                100 MiB SQLite database (4 MiB in quick mode) that \
                [sqlite-jdbc](https://github.com/xerial/sqlite-jdbc) generates once into \
                `benchmarks/target/bench-data/` and reuses: customers, orders and order documents, with five \
                indexes, text, integers and blobs (half incompressible scans, half JSON), 4096-byte pages. \
                Throughputs are **MB/s of page data**: the database's page bytes divided by the time, whatever the \
                LTX file's compressed size. One run of each figure:

                - *encode to a null stream*: `DatabaseFiles.toSnapshot` from the database file (in the OS page \
                cache after the warm-up) to a stream that only counts bytes: read, LZ4-compress, checksum, index.
                - *encode to a file*: the same into a file in `target/` through a 64 KiB buffer, without fsync.
                - *decode and verify*: `LtxDecoder.verify` of the snapshot from an in-memory copy: every frame \
                decompressed, the index, trailer and file checksum checked.
                - *random page decode*: `PageFrames.decode` of frames picked at random (seeded) through the \
                `PageIndex`, from an in-memory copy of the snapshot: what serving pages from ranged reads costs \
                once the bytes have arrived.
                - *page index read*: `PageIndex.read` of the snapshot's tail from memory (a 32 KiB tail read, then \
                a second read because a 100 MiB file's index is larger), milliseconds each.
                - *compact snapshot + 20 incrementals*: `LtxCompactor.compact` of the snapshot and 20 incremental \
                files (TXIDs 2–21, each rewriting page 1 and 1% of the pages) from memory to a null stream; \
                MB/s of the merged file's page data (the whole database).""";
    }

    @Override
    public Goal goal() {
        return Goal.none();
    }

    @Override
    public ScenarioResult run(BenchContext context) throws Exception {
        SampleDatabase db = SampleDatabase.obtain(context.workDir(), context.quick() ? QUICK_SIZE : FULL_SIZE);
        Path file = db.path();
        int pageSize = DatabaseFiles.pageSize(file);
        long commit = Files.size(file) / pageSize;
        long pages = commit - (commit >= Ltx.lockPgno(pageSize) ? 1 : 0);
        long pageBytes = pages * pageSize;

        byte[] snapshot = snapshot(file, pageBytes);
        IncrementalChain chain = IncrementalChain.build(file, pageSize, INCREMENTALS,
                (int) Math.max(2, pages / 100), TIMESTAMP);

        List<Measurement> figures = new ArrayList<>();
        figures.add(Measurement.megabytesPerSecond("encode to a null stream", pageBytes, context.time(() -> {
            CountingOutputStream out = new CountingOutputStream();
            DatabaseFiles.toSnapshot(file, out, SNAPSHOT);
            expect(out.count(), snapshot.length, "snapshot bytes");
        })));
        Path ltxFile = context.workDir().resolve("codec-snapshot.ltx");
        try {
            figures.add(Measurement.megabytesPerSecond("encode to a file", pageBytes, context.time(() -> {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(ltxFile), 1 << 16)) {
                    expect(DatabaseFiles.toSnapshot(file, out, SNAPSHOT).size(), snapshot.length, "file bytes");
                }
            })));
        } finally {
            Files.deleteIfExists(ltxFile);
        }
        figures.add(Measurement.megabytesPerSecond("decode and verify", pageBytes, context.time(() -> {
            LtxFileSummary summary = LtxDecoder.verify(new ByteArrayInputStream(snapshot), SNAPSHOT_NAME);
            expect(summary.pageCount(), pages, "decoded pages");
        })));

        PageIndex index = PageIndex.read(rangeReader(snapshot), snapshot.length, SNAPSHOT_NAME);
        int decodes = context.quick() ? 20_000 : 200_000;
        int[] picks = new SplittableRandom(11).ints(decodes, 0, index.size()).toArray();
        byte[] page = new byte[pageSize];
        List<Long> randomNanos = context.time(() -> {
            for (int entry : picks) {
                long offset = index.offset(entry);
                PageFrames.decode(snapshot, (int) offset, index.frameSize(entry), index.pgno(entry), pageSize, page,
                        SNAPSHOT_NAME, offset);
            }
        });
        Measurement randomDecode = Measurement.perSecond("random page decode", "pages/s", decodes, randomNanos);
        figures.add(randomDecode);

        int indexReads = context.quick() ? 10 : 100;
        figures.add(Measurement.millisecondsEach("page index read", indexReads, context.time(() -> {
            for (int i = 0; i < indexReads; i++) {
                expect(PageIndex.read(rangeReader(snapshot), snapshot.length, SNAPSHOT_NAME).size(), pages,
                        "index entries");
            }
        })));

        figures.add(Measurement.megabytesPerSecond("compact snapshot + 20 incrementals", pageBytes,
                context.time(() -> {
                    List<LtxDecoder> inputs = new ArrayList<>();
                    inputs.add(LtxDecoder.open(new ByteArrayInputStream(snapshot), SNAPSHOT_NAME));
                    for (byte[] f : chain.files()) {
                        inputs.add(LtxDecoder.open(new ByteArrayInputStream(f), null));
                    }
                    EncodedLtx merged = LtxCompactor.compact(inputs, new CountingOutputStream());
                    expect(merged.pageIndex().size(), pages, "compacted pages");
                })));

        return new ScenarioResult(figures, facts(db, pageSize, pages, snapshot.length, chain, decodes,
                randomDecode));
    }

    private static List<Fact> facts(SampleDatabase db, int pageSize, long pages, long snapshotBytes,
                                    IncrementalChain chain, int decodes, Measurement randomDecode) {
        long pageBytes = pages * pageSize;
        long chainPageBytes = chain.pageCount() * pageSize;
        return List.of(
                new Fact("Database", Figures.bytes(pageBytes) + " of page data: " + String.format(Locale.ROOT,
                        "%,d pages of %d bytes; %,d customers, %,d orders, %,d documents", pages, pageSize,
                        db.customers(), db.orders(), db.documents())),
                new Fact("Snapshot LTX file", Figures.bytes(snapshotBytes) + ", **compression ratio "
                        + ratio(pageBytes, snapshotBytes) + "** (page bytes ÷ LTX file bytes)"),
                new Fact("Incremental files", chain.files().size() + " files, " + String.format(Locale.ROOT,
                        "%,d pages", chain.pageCount()) + ", " + Figures.bytes(chain.bytes())
                        + ", compression ratio " + ratio(chainPageBytes, chain.bytes())),
                new Fact("Random page decode", String.format(Locale.ROOT, "%,d frames a run; the median is %s MB/s"
                        + " of page data", decodes, Figures.format(randomDecode.median() * pageSize / 1e6))),
                new Fact("LZ4", lz4Implementation()));
    }

    /** Returns the snapshot of {@code file}, held in memory as the input of the decoding figures. */
    private static byte[] snapshot(Path file, long pageBytes) throws IOException {
        if (pageBytes > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": too large to hold its snapshot in memory: " + pageBytes + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) pageBytes);
        DatabaseFiles.toSnapshot(file, out, SNAPSHOT);
        return out.toByteArray();
    }

    private static String ratio(long pageBytes, long fileBytes) {
        return Figures.format((double) pageBytes / fileBytes) + " : 1";
    }

    /** Names the LZ4 build the codec uses: it takes lz4-java's JNI build when it loads, as this check does. */
    private static String lz4Implementation() {
        try {
            LZ4Factory.nativeInstance();
            return "lz4-java JNI build (native)";
        } catch (Throwable notLoaded) {
            return "lz4-java pure-Java safe build (the JNI build did not load)";
        }
    }

    private static PageIndex.RangeReader rangeReader(byte[] file) {
        return (offset, length) -> Arrays.copyOfRange(file, (int) offset, (int) offset + length);
    }

    private static void expect(long actual, long expected, String what) throws IOException {
        if (actual != expected) {
            throw new IOException("codec benchmark: " + what + " is " + actual + ", want " + expected);
        }
    }
}
