package io.github.ltxkit.junit;

import static io.github.ltxkit.junit.Sql.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.ltxkit.junit.LitestreamDatabase.Scope;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Replicas are deleted after their scope, except those of failed tests, which are kept and reported. */
class CleanupTest {
    static final List<ReplicaLocation> SEEN = new CopyOnWriteArrayList<>();

    @TempDir
    Path failedDirectory;

    @EngineTestCase
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @LitestreamDatabase(fixture = "fixtures/orders.sql", writable = Toggle.ON, syncInterval = "0")
    static class OutcomesTestCase {
        @Test
        @Order(1)
        void failsAfterWriting(Connection c, ReplicaLocation location) throws Exception {
            SEEN.add(location);
            execute(c, "insert into customers(name) values ('Edsger')");
            fail("on purpose");
        }

        @Test
        @Order(2)
        void theFailedTestsReplicaStaysInItsBucketWithTheFinalUpload(S3Client s3) {
            ReplicaLocation failed = SEEN.get(0);
            assertThat(keys(s3, failed)).containsExactly(
                    failed.levelPrefix(0) + "0000000000000001-0000000000000001.ltx",
                    failed.levelPrefix(0) + "0000000000000002-0000000000000002.ltx");
        }

        @Test
        @Order(3)
        void succeeds(ReplicaLocation location) {
            SEEN.add(location);
        }

        @Test
        @Order(4)
        void theSucceededTestsBucketIsGone(S3Client s3) {
            ReplicaLocation succeeded = SEEN.get(1);
            assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(succeeded.bucket())))
                    .isInstanceOf(NoSuchBucketException.class);
        }
    }

    static List<String> keys(S3Client s3, ReplicaLocation at) {
        return s3.listObjectsV2(b -> b.bucket(at.bucket()).prefix(at.prefix() + "/")).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    @Test
    void aFailedTestsReplicaIsKeptCopiedAndReportedAndASucceededOnesIsDeleted() throws IOException {
        SEEN.clear();

        EngineExecutionResults results = Engine.engine()
                .with(LitestreamDatabase.FAILED_REPLICA_DIRECTORY_PROPERTY, failedDirectory.toString())
                .run(OutcomesTestCase.class);

        results.testEvents().assertStatistics(s -> s.started(4).failed(1).succeeded(3));
        Path copy = failedDirectory.resolve("CleanupTest.OutcomesTestCase.failsAfterWriting.default-1");
        Path buffer = failedDirectory.resolve("CleanupTest.OutcomesTestCase.failsAfterWriting.default-1.buffer");
        assertThat(files(failedDirectory)).containsExactly(
                buffer,
                copy.resolve("ltx/0/0000000000000001-0000000000000001.ltx"),
                copy.resolve("ltx/0/0000000000000002-0000000000000002.ltx"));
        List<Map<String, String>> entries = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).toList();
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().get("ltxkit.keptReplica"))
                .startsWith("kept the replica of the default database (CleanupTest.OutcomesTestCase.failsAfterWriting"
                        + ".default) of failsAfterWriting(Connection, ReplicaLocation) (failed): " + copy.toAbsolutePath()
                        + " (2 LTX files in Litestream's file layout; also s3://" + SEEN.get(0).bucket() + "/")
                .endsWith("; its write buffer: " + buffer.toAbsolutePath())
                .doesNotContain(SEEN.get(0).credentials().secretAccessKey());
    }

    static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @EngineTestCase
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class CleanupModesTestCase {
        @Test
        @Order(1)
        void alwaysDeletesEvenAfterAFailure(
                @LitestreamDatabase(name = "always", fixture = "fixtures/orders.sql", cleanup = CleanupMode.ALWAYS)
                ReplicaLocation location) {
            SEEN.add(location);
            fail("on purpose");
        }

        @Test
        @Order(2)
        void neverKeepsEvenAfterASuccess(
                @LitestreamDatabase(name = "never", fixture = "fixtures/orders.sql", cleanup = CleanupMode.NEVER)
                ReplicaLocation location) {
            SEEN.add(location);
        }

        @Test
        @Order(3)
        void check(@LitestreamDatabase(name = "check") S3Client s3) {
            assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(SEEN.get(0).bucket())))
                    .isInstanceOf(NoSuchBucketException.class);
            assertThat(keys(s3, SEEN.get(1))).hasSize(1);
        }
    }

    @Test
    void cleanupAlwaysDeletesAndNeverKeeps() throws IOException {
        SEEN.clear();

        EngineExecutionResults results = Engine.engine()
                .with(LitestreamDatabase.FAILED_REPLICA_DIRECTORY_PROPERTY, failedDirectory.toString())
                .run(CleanupModesTestCase.class);

        results.testEvents().assertStatistics(s -> s.started(3).failed(1).succeeded(2));
        assertThat(files(failedDirectory)).extracting(p -> failedDirectory.relativize(p).toString())
                .containsExactly("CleanupTest.CleanupModesTestCase.neverKeepsEvenAfterASuccess.never-2/ltx/0/"
                        + "0000000000000001-0000000000000001.ltx");
    }

    @EngineTestCase
    @LitestreamDatabase(fixture = "fixtures/orders.sql", scope = Scope.CLASS)
    static class ClassScopedTestCase {
        @Test
        void passes(Connection c) {
        }

        @Test
        void fails(Connection c) {
            fail("on purpose");
        }
    }

    @Test
    void aClassWideReplicaIsKeptWhenAnyOfItsTestsFailed() throws IOException {
        Engine.engine().with(LitestreamDatabase.FAILED_REPLICA_DIRECTORY_PROPERTY, failedDirectory.toString())
                .with(LitestreamDatabase.CLEANUP_PROPERTY, "on_success")
                .run(ClassScopedTestCase.class).testEvents().assertStatistics(s -> s.started(2).failed(1));

        assertThat(files(failedDirectory)).extracting(p -> failedDirectory.relativize(p).toString())
                .containsExactly("CleanupTest.ClassScopedTestCase.default-1/ltx/0/"
                        + "0000000000000001-0000000000000001.ltx");
    }

    @Test
    void theConfiguredCleanupModeApplies() throws IOException {
        Engine.engine().with(LitestreamDatabase.FAILED_REPLICA_DIRECTORY_PROPERTY, failedDirectory.toString())
                .with(LitestreamDatabase.CLEANUP_PROPERTY, "always")
                .run(ClassScopedTestCase.class).testEvents().assertStatistics(s -> s.started(2).failed(1));

        assertThat(files(failedDirectory)).isEmpty();
    }
}
