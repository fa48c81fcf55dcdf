package io.github.ltxkit.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ReplicaClient} backend must have, run against each backend by a subclass that
 * supplies a client over a fresh, empty replica and raw access to what it stores.
 */
public abstract class ReplicaClientContract {
    /** A creation time with nanoseconds, far enough in the past to differ from any upload time. */
    protected static final Instant CREATED_AT = Instant.parse("2024-02-03T04:05:06.123456789Z");

    /** The client under test, over a fresh replica for each test. */
    protected ReplicaClient client;

    /** Returns a client over a fresh, empty replica (called before each test). */
    protected abstract ReplicaClient newClient() throws Exception;

    /** Stores bytes under a name relative to the replica's root, bypassing the client. */
    protected abstract void putRaw(String relativeName, byte[] bytes) throws Exception;

    /** Returns every name stored under the replica's root, relative to it. */
    protected abstract Set<String> rawNames() throws Exception;

    /**
     * Returns where Litestream puts a file of this backend, relative to the replica root. Subclasses write the
     * layout out literally rather than calling the code under test.
     */
    protected abstract String litestreamName(int level, String fileName);

    /** Removes what a test stored, for backends that outlive the test; nothing by default. */
    protected void cleanUp() throws Exception {
    }

    /**
     * Checks the creation time a listing reports for a file created with {@link #CREATED_AT} during
     * {@code [writeStart, writeEnd]}: by default exactly {@code CREATED_AT}.
     */
    protected void assertListedCreatedAt(Instant listed, Instant writeStart, Instant writeEnd) {
        assertThat(listed).isEqualTo(CREATED_AT);
    }

    @BeforeEach
    void openClient() throws Exception {
        client = newClient();
    }

    @AfterEach
    void closeClient() throws Exception {
        try {
            cleanUp();
        } finally {
            client.close();
        }
    }

    @Test
    void listReturnsTheFilesOfALevelInTxidOrder() throws Exception {
        for (long[] r : new long[][] {{5, 5}, {1, 1}, {2, 4}, {3, 3}, {2, 2}}) {
            create(0, r[0], r[1], "x");
        }

        assertThat(client.list(0, 0)).extracting(f -> f.key().range().toString()).containsExactly(
                "0000000000000001-0000000000000001", "0000000000000002-0000000000000002",
                "0000000000000002-0000000000000004", "0000000000000003-0000000000000003",
                "0000000000000005-0000000000000005");
    }

    @Test
    void listSeeksToTheFirstFileWhoseMinTxidIsAtLeastTheGivenOne() throws Exception {
        for (long txid = 1; txid <= 20; txid++) {
            create(1, txid, txid, "x");
        }
        create(1, 0x1a, 0x1f, "x");

        assertThat(client.list(1, 17)).extracting(LtxFileInfo::minTxid).containsExactly(17L, 18L, 19L, 20L, 0x1aL);
        assertThat(client.list(1, 0x1b)).isEmpty();
        assertThat(client.list(1, 1)).hasSize(21);
    }

    @Test
    void listKeepsLevelsApart() throws Exception {
        create(0, 1, 1, "a");
        create(1, 1, 4, "b");
        create(LtxFileKey.SNAPSHOT_LEVEL, 1, 4, "c");

        assertThat(client.list(1, 0)).extracting(LtxFileInfo::key).containsExactly(LtxFileKey.of(1, 1, 4));
        assertThat(client.list(9, 0)).extracting(LtxFileInfo::key).containsExactly(LtxFileKey.of(9, 1, 4));
        assertThat(client.list(2, 0)).isEmpty();
    }

    @Test
    void listingAllLevelsReturnsWhatEachLevelsListingReturnsInLevelOrder() throws Exception {
        create(9, 1, 4, "snapshot");
        create(0, 5, 5, "five");
        create(0, 6, 6, "six");
        create(1, 1, 4, "one to four");
        create(3, 5, 6, "five and six");
        putRaw(litestreamName(0, "notes.txt"), bytes("junk"));

        List<LtxFileInfo> expected = new java.util.ArrayList<>();
        for (int level = 0; level <= LtxFileKey.MAX_LEVEL; level++) {
            expected.addAll(client.list(level, 0));
        }
        assertThat(client.listAllLevels()).containsExactlyElementsOf(expected);
        assertThat(client.listAllLevels()).extracting(LtxFileInfo::key).containsExactly(LtxFileKey.of(0, 5, 5),
                LtxFileKey.of(0, 6, 6), LtxFileKey.of(1, 1, 4), LtxFileKey.of(3, 5, 6), LtxFileKey.of(9, 1, 4));
    }

    @Test
    void listIgnoresNamesThatAreNotLtxFileNames() throws Exception {
        create(0, 3, 3, "real");
        for (String name : List.of("0000000000000001-0000000000000001.LTX", "1-1.ltx", "notes.txt",
                "0000000000000002-0000000000000001.ltx", "0000000000000004-0000000000000004.ltx.tmp",
                "00000000000000005-0000000000000005.ltx", "sub/0000000000000006-0000000000000006.ltx")) {
            putRaw(litestreamName(0, name), bytes("junk"));
        }

        assertThat(client.list(0, 0)).extracting(LtxFileInfo::key).containsExactly(LtxFileKey.of(0, 3, 3));
    }

    @Test
    void listReportsEachFilesSize() throws Exception {
        create(2, 1, 9, "twelve bytes");

        assertThat(client.list(2, 0)).singleElement().satisfies(f -> assertThat(f.size()).isEqualTo(12));
    }

    @Test
    void theCreationTimeRoundTripsThroughAListing() throws Exception {
        Instant start = Instant.now();
        create(0, 1, 1, "x");
        Instant end = Instant.now();

        assertListedCreatedAt(client.list(0, 0).getFirst().createdAt(), start, end);
    }

    @Test
    void filesLandWhereLitestreamPutsThem() throws Exception {
        create(0, 1, 1, "l0");
        create(3, 1, 0xff, "l3");
        create(LtxFileKey.SNAPSHOT_LEVEL, 1, 0x4d2, "snapshot");

        assertThat(rawNames()).containsExactlyInAnyOrder(
                litestreamName(0, "0000000000000001-0000000000000001.ltx"),
                litestreamName(3, "0000000000000001-00000000000000ff.ltx"),
                litestreamName(9, "0000000000000001-00000000000004d2.ltx"));
    }

    @Test
    void readReturnsARangeFromTheMiddle() throws Exception {
        byte[] content = random(10_000, 1);
        LtxFileKey key = create(0, 1, 1, content);

        byte[] got = client.read(key, 1234, 4096);

        assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(content, 1234, 1234 + 4096));
    }

    @Test
    void readClipsARangeAtTheEndOfTheFile() throws Exception {
        LtxFileKey key = create(0, 1, 1, "0123456789");

        assertThat(client.read(key, 7, 100)).isEqualTo(bytes("789"));
        assertThat(client.read(key, 0, 10)).isEqualTo(bytes("0123456789"));
    }

    @Test
    void readAtOrPastTheEndReturnsNoBytes() throws Exception {
        LtxFileKey key = create(0, 1, 1, "0123456789");

        assertThat(client.read(key, 10, 5)).isEmpty();
        assertThat(client.read(key, 11, 5)).isEmpty();
        assertThat(client.read(key, 3, 0)).isEmpty();
    }

    @Test
    void readRejectsANegativeOffsetOrLength() throws Exception {
        LtxFileKey key = create(0, 1, 1, "x");

        assertThatThrownBy(() -> client.read(key, -1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> client.read(key, 0, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-2");
    }

    @Test
    void readingAMissingFileIsObjectNotFoundNamingTheFile() {
        LtxFileKey missing = LtxFileKey.of(0, 7, 7);

        assertThatThrownBy(() -> client.read(missing, 0, 10))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageStartingWith("read ")
                .hasMessageContaining("0000000000000007-0000000000000007.ltx");
        assertThatThrownBy(() -> client.read(missing, 0, 0)).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> client.open(missing))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("0000000000000007-0000000000000007.ltx");
    }

    @Test
    void openStreamsTheWholeFile() throws Exception {
        byte[] content = random(300_000, 2);
        LtxFileKey key = create(9, 1, 3, content);

        try (InputStream in = client.open(key)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void closingAStreamEarlyIsFine() throws Exception {
        LtxFileKey key = create(9, 1, 3, random(300_000, 3));

        try (InputStream in = client.open(key)) {
            assertThat(in.readNBytes(10)).hasSize(10);
        }
        assertThat(client.read(key, 0, 10)).hasSize(10);
    }

    @Test
    void createIfAbsentStoresContentFromMemoryOrFromAFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("upload.ltx");
        byte[] fromFile = random(5000, 4);
        Files.write(file, fromFile);

        client.createIfAbsent(LtxFileKey.of(0, 1, 1), UploadContent.of(bytes("from memory")), CREATED_AT);
        client.createIfAbsent(LtxFileKey.of(0, 2, 2), UploadContent.of(file), CREATED_AT);

        assertThat(client.read(LtxFileKey.of(0, 1, 1), 0, 100)).isEqualTo(bytes("from memory"));
        assertThat(client.read(LtxFileKey.of(0, 2, 2), 0, 10_000)).isEqualTo(fromFile);
    }

    @Test
    void createIfAbsentLosesToAnExistingFileAndLeavesItUnchanged() throws Exception {
        LtxFileKey key = create(0, 4, 4, "first writer");

        assertThatThrownBy(() -> client.createIfAbsent(key, UploadContent.of(bytes("second writer")), CREATED_AT))
                .isInstanceOf(ObjectAlreadyExistsException.class)
                .hasMessageStartingWith("write ")
                .hasMessageContaining("0000000000000004-0000000000000004.ltx");
        assertThat(client.read(key, 0, 100)).isEqualTo(bytes("first writer"));
        assertThat(client.list(0, 0)).singleElement().satisfies(f -> assertThat(f.size()).isEqualTo(12));
    }

    @Test
    void deleteRemovesFilesAndToleratesOnesThatAreGone() throws Exception {
        LtxFileKey a = create(0, 1, 1, "a");
        LtxFileKey b = create(0, 2, 2, "b");
        LtxFileKey c = create(0, 3, 3, "c");

        client.delete(List.of(a, c, LtxFileKey.of(0, 99, 99)));
        client.delete(List.of(a));
        client.delete(List.of());

        assertThat(client.list(0, 0)).extracting(LtxFileInfo::key).containsExactly(b);
        assertThatThrownBy(() -> client.read(a, 0, 1)).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void exactlyOneOfSixteenConcurrentCreatesWinsEachRound() throws Exception {
        int writers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 1; round <= 20; round++) {
                LtxFileKey key = LtxFileKey.of(0, round, round);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    byte[] content = bytes("writer " + w);
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        try {
                            client.createIfAbsent(key, UploadContent.of(content), CREATED_AT);
                            return true;
                        } catch (ObjectAlreadyExistsException lost) {
                            return false;
                        }
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> f : outcomes) {
                    winners += f.get() ? 1 : 0;
                }
                assertThat(winners).as("winners of round %d", round).isEqualTo(1);
                assertThat(new String(client.read(key, 0, 100), StandardCharsets.UTF_8)).startsWith("writer ");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Creates a file through the client with {@link #CREATED_AT}. */
    protected LtxFileKey create(int level, long min, long max, String content) throws Exception {
        return create(level, min, max, bytes(content));
    }

    /** Creates a file through the client with {@link #CREATED_AT}. */
    protected LtxFileKey create(int level, long min, long max, byte[] content) throws Exception {
        LtxFileKey key = LtxFileKey.of(level, min, max);
        client.createIfAbsent(key, UploadContent.of(content), CREATED_AT);
        return key;
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
