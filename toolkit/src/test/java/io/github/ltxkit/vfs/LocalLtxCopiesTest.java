package io.github.ltxkit.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.replica.TransientReplicaException;
import io.github.ltxkit.replica.UploadContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-file copies for scans, against a replica client that serves one file and misbehaves on demand. */
class LocalLtxCopiesTest {
    private static final int CHUNK = LocalLtxCopies.CHUNK_BYTES;
    private static final LtxFileKey KEY = LtxFileKey.of(0, 1, 1);

    @TempDir
    Path dir;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    private static byte[] content(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void aCopiedFileServesAnyRangeWithTheRemoteBytesFetchedByRangesInParallel() throws Exception {
        byte[] bytes = content(3 * CHUNK + 12_345);
        OneFileClient client = new OneFileClient(bytes, length -> length);
        RemoteFile file = new RemoteFile(KEY, bytes.length, Instant.EPOCH);
        try (LocalLtxCopies copies = new LocalLtxCopies(client, pool, dir)) {
            copies.copyWhole(file, 2L * CHUNK + 100, false);

            for (long offset : new long[] {0, CHUNK - 10, 2L * CHUNK + 5, bytes.length - 40}) {
                assertThat(copies.read(file, offset, 40)).as("bytes at %d", offset)
                        .isEqualTo(Arrays.copyOfRange(bytes, (int) offset, (int) offset + 40));
            }
            assertThat(client.offsets).containsExactlyInAnyOrder(0L, (long) CHUNK, 2L * CHUNK, 3L * CHUNK);
            long requests = client.offsets.size();
            copies.copyWhole(file, 0, false);
            assertThat(copies.read(file, 0, 10)).isNotNull();
            assertThat(client.offsets).as("a second scan asks for nothing").hasSize((int) requests);
        }
    }

    @Test
    void aScanGoingUpAsksForTheRangeBeingReadFirstThenThoseAboveThenThoseBelow() throws Exception {
        byte[] bytes = content(3 * CHUNK + 12_345);
        OneFileClient client = new OneFileClient(bytes, length -> length);
        RemoteFile file = new RemoteFile(KEY, bytes.length, Instant.EPOCH);
        // Ranges are asked for in this order; on a pool of threads they may reach the store in another, so the
        // order is checked with the requests made one after the other.
        try (LocalLtxCopies copies = new LocalLtxCopies(client, new SameThread(), dir)) {
            copies.copyWhole(file, 2L * CHUNK + 100, false);

            assertThat(client.offsets).containsExactly(2L * CHUNK, 3L * CHUNK, (long) CHUNK, 0L);
        }
    }

    @Test
    void aScanGoingDownCopiesTheRangesBelowFirst() throws Exception {
        byte[] bytes = content(4 * CHUNK);
        OneFileClient client = new OneFileClient(bytes, length -> length);
        RemoteFile file = new RemoteFile(KEY, bytes.length, Instant.EPOCH);
        try (LocalLtxCopies copies = new LocalLtxCopies(client, new SameThread(), dir)) {
            copies.copyWhole(file, 2L * CHUNK + 1, true);

            assertThat(client.offsets).containsExactly(2L * CHUNK, (long) CHUNK, 0L, 3L * CHUNK);
        }
    }

    @Test
    void aRangeCutShortIsLeftOutAndItsBytesComeFromTheReplica() throws Exception {
        byte[] bytes = content(2 * CHUNK + 1_000);
        OneFileClient client = new OneFileClient(bytes, length -> length == CHUNK ? length / 2 : length);
        RemoteFile file = new RemoteFile(KEY, bytes.length, Instant.EPOCH);
        try (LocalLtxCopies copies = new LocalLtxCopies(client, pool, dir)) {
            copies.copyWhole(file, 0, false);

            assertThat(copies.read(file, 10, 100)).as("inside a range that came short").isNull();
            assertThat(copies.read(file, CHUNK - 50, 100)).as("across it").isNull();
            assertThat(copies.read(file, 2L * CHUNK + 10, 100))
                    .isEqualTo(Arrays.copyOfRange(bytes, 2 * CHUNK + 10, 2 * CHUNK + 110));
        }
    }

    @Test
    void failingRangesStopTheCopyAfterThreeAndNothingIsServedFromThem() throws Exception {
        byte[] bytes = content(8 * CHUNK);
        OneFileClient client = new OneFileClient(bytes, length -> -1);
        RemoteFile file = new RemoteFile(KEY, bytes.length, Instant.EPOCH);
        try (LocalLtxCopies copies = new LocalLtxCopies(client, new SameThread(), dir)) {
            copies.copyWhole(file, 0, false);

            for (int c = 0; c < 8; c++) {
                assertThat(copies.read(file, (long) c * CHUNK, 10)).isNull();
            }
            assertThat(client.offsets).as("asked before giving up").hasSize(3);
        }
    }

    @Test
    void aRangeThatDidNotDecodeIsForgotten() throws Exception {
        byte[] bytes = content(2 * CHUNK);
        RemoteFile file = new RemoteFile(KEY, bytes.length, Instant.EPOCH);
        try (LocalLtxCopies copies = new LocalLtxCopies(new OneFileClient(bytes, l -> l), new SameThread(), dir)) {
            copies.copyWhole(file, 0, false);
            assertThat(copies.read(file, CHUNK + 10, 10)).isNotNull();

            copies.discard(file, CHUNK + 5, CHUNK + 20);

            assertThat(copies.read(file, CHUNK + 10, 10)).isNull();
            assertThat(copies.read(file, 10, 10)).isNotNull();
        }
    }

    @Test
    void smallFilesAreNotCopied() throws Exception {
        byte[] bytes = content((int) LocalLtxCopies.MIN_FILE_BYTES - 1);
        OneFileClient client = new OneFileClient(bytes, l -> l);
        RemoteFile file = new RemoteFile(KEY, bytes.length, Instant.EPOCH);
        try (LocalLtxCopies copies = new LocalLtxCopies(client, new SameThread(), dir)) {
            copies.copyWhole(file, 0, false);

            assertThat(copies.copying(file)).isFalse();
            assertThat(copies.read(file, 0, 10)).isNull();
            assertThat(client.offsets).isEmpty();
        }
    }

    @Test
    void aDirectoryThatCannotHoldCopiesRefusesThemOnceAndAsksTheReplicaNothing() throws Exception {
        byte[] bytes = content(CHUNK + 10);
        OneFileClient client = new OneFileClient(bytes, l -> l);
        RemoteFile file = new RemoteFile(KEY, bytes.length, Instant.EPOCH);
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        try (LocalLtxCopies copies = new LocalLtxCopies(client, new SameThread(), notADirectory.resolve("copies"))) {
            copies.copyWhole(file, 0, false);
            copies.copyWhole(file, 0, false);

            assertThat(copies.copying(file)).isFalse();
            assertThat(copies.read(file, 0, 10)).isNull();
            assertThat(client.offsets).isEmpty();
        }
    }

    @Test
    void closingDeletesTheCopiesAndStartsNoMore() throws Exception {
        byte[] bytes = content(CHUNK + 10);
        RemoteFile file = new RemoteFile(KEY, bytes.length, Instant.EPOCH);
        LocalLtxCopies copies = new LocalLtxCopies(new OneFileClient(bytes, l -> l), new SameThread(), dir);
        copies.copyWhole(file, 0, false);
        assertThat(copies.read(file, 0, 10)).isNotNull();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }

        copies.close();

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        assertThat(copies.read(file, 0, 10)).isNull();
        copies.copyWhole(file, 0, false);
        assertThat(copies.copying(file)).isFalse();
    }

    /** Runs tasks on the caller's thread, so a test sees every request in order. */
    private static final class SameThread implements java.util.concurrent.Executor {
        @Override
        public void execute(Runnable task) {
            task.run();
        }
    }

    /**
     * Serves one file; {@code served} maps the length asked for to the length returned (-1: a transient error).
     */
    private static final class OneFileClient implements ReplicaClient {
        private final byte[] bytes;
        private final IntUnaryOperator served;
        final List<Long> offsets = Collections.synchronizedList(new ArrayList<>());

        OneFileClient(byte[] bytes, IntUnaryOperator served) {
            this.bytes = bytes;
            this.served = served;
        }

        @Override
        public String describe() {
            return "one file";
        }

        @Override
        public List<LtxFileInfo> list(int level, long minTxid) {
            return List.of();
        }

        @Override
        public byte[] read(LtxFileKey key, long offset, int length) throws ReplicaException {
            offsets.add(offset);
            int n = served.applyAsInt(length);
            if (n < 0) {
                throw new TransientReplicaException(ReplicaOperation.READ, key.toString(), "injected", null);
            }
            return Arrays.copyOfRange(bytes, (int) offset, (int) offset + n);
        }

        @Override
        public InputStream open(LtxFileKey key) throws ReplicaException {
            throw new UnsupportedOperationException();
        }

        @Override
        public void createIfAbsent(LtxFileKey key, UploadContent content, Instant createdAt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(Collection<LtxFileKey> keys) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
