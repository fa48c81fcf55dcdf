package io.github.ltxkit.ltx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that encoding, verifying and restoring stream: a database larger than 1 GiB (so the lock page is crossed)
 * goes through the codec in a JVM whose heap is capped at 64 MB. Runs in its own Surefire execution with
 * {@code -Xmx64m} (tag {@code small-heap}).
 */
@Tag("small-heap")
class LargeDatabaseStreamingTest {
    private static final int PAGE_SIZE = 4096;
    private static final long LOCK_PGNO = Ltx.lockPgno(PAGE_SIZE);
    private static final long PAGES = LOCK_PGNO + 2048;

    @Test
    void aDatabaseLargerThanOneGibibyteEncodesAndDecodesInASixtyFourMegabyteHeap(@TempDir Path dir)
            throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("this test must run with -Xmx64m")
                .isLessThanOrEqualTo(80L * 1024 * 1024);
        Path db = dir.resolve("large.db");
        Path ltx = dir.resolve("large.ltx");
        Path restored = dir.resolve("restored.db");
        byte[] original = generate(db);
        assertThat(Files.size(db)).isGreaterThan(1L << 30);

        EncodedLtx encoded;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(ltx), 1 << 16)) {
            encoded = DatabaseFiles.toSnapshot(db, out, new DatabaseFiles.SnapshotOptions(1, 0, true));
        }
        assertThat(encoded.pageIndex().size()).isEqualTo(PAGES - 1);
        assertThat(encoded.pageIndex().find(LOCK_PGNO)).isEqualTo(-1);

        LtxFileSummary summary;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(ltx), 1 << 16)) {
            summary = LtxDecoder.verify(in, "large.ltx");
        }
        assertThat(summary.pageCount()).isEqualTo(PAGES - 1);
        assertThat(summary.header().commit()).isEqualTo(PAGES);
        assertThat(summary.postApplyChecksum()).isEqualTo(encoded.postApplyChecksum());

        DatabaseFiles.restore(List.of(new BufferedInputStream(Files.newInputStream(ltx), 1 << 16)),
                List.of("large.ltx"), restored);
        assertThat(Files.size(restored)).isEqualTo(PAGES * PAGE_SIZE);
        assertThat(sha256(restored)).isEqualTo(original);
    }

    /** Writes a database of {@link #PAGES} pages (lock page zeroed) and returns its SHA-256. */
    private static byte[] generate(Path db) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(2026);
        ByteBuffer chunk = ByteBuffer.allocate(256 * PAGE_SIZE);
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long pgno = 1; pgno <= PAGES; pgno++) {
                int base = chunk.position();
                if (pgno == 1) {
                    chunk.put("SQLite format 3\0".getBytes(StandardCharsets.US_ASCII));
                    chunk.putShort((short) PAGE_SIZE);
                }
                if (pgno != LOCK_PGNO) {
                    for (int i = chunk.position() - base; i < PAGE_SIZE / 4; i += 8) {
                        chunk.putLong(random.nextLong());
                    }
                    while (chunk.position() - base < PAGE_SIZE) {
                        chunk.put((byte) (pgno + chunk.position()));
                    }
                }
                chunk.position(base + PAGE_SIZE);
                if (!chunk.hasRemaining() || pgno == PAGES) {
                    chunk.flip();
                    sha.update(chunk.array(), 0, chunk.limit());
                    while (chunk.hasRemaining()) {
                        ch.write(chunk);
                    }
                    chunk.clear();
                    java.util.Arrays.fill(chunk.array(), (byte) 0);
                }
            }
        }
        return sha.digest();
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return sha.digest();
    }
}
