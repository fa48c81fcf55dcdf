package io.github.ltxkit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.seed.SqlScriptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixtureCacheTest {
    private final FixtureCache cache = new FixtureCache();
    private final ClassLoader loader = getClass().getClassLoader();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void aScriptBecomesOneLevelZeroSnapshotAtTxidOne() throws Exception {
        Snapshot s = cache.snapshot(new FixtureRef.Location("fixtures/orders.sql"), loader, false);

        assertThat(s.files()).extracting(Snapshot.File::key).containsExactly(LtxFileKey.of(0, 1, 1));
        assertThat(s.bytes()).isPositive();
    }

    @Test
    void twoLocationsWithTheSameContentShareOneBuild() throws Exception {
        Path a = Files.writeString(dir.resolve("a.sql"), "create table t(x); insert into t values (1);");
        Path b = Files.writeString(dir.resolve("b.sql"), "create table t(x); insert into t values (1);");

        Snapshot first = cache.snapshot(new FixtureRef.Location("file:" + a), loader, false);
        Snapshot second = cache.snapshot(new FixtureRef.Location("file:" + b), loader, false);

        assertThat(second).isSameAs(first);
    }

    @Test
    void aChangedFileIsBuiltAgain() throws Exception {
        Path a = Files.writeString(dir.resolve("a.sql"), "create table t(x);");
        Snapshot before = cache.snapshot(new FixtureRef.Location("file:" + a), loader, false);
        Files.writeString(a, "create table t(x); create table u(y);");
        Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));

        Snapshot after = cache.snapshot(new FixtureRef.Location("file:" + a), loader, false);

        assertThat(after).isNotSameAs(before);
        assertThat(after.bytes()).isNotEqualTo(before.bytes());
    }

    @Test
    void concurrentRequestsWaitForOneBuild() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        io.github.ltxkit.junit.DatabaseFixture slow = c -> {
            builds.incrementAndGet();
            Thread.sleep(200);
            c.createStatement().execute("create table t(x)");
        };
        FixtureRef ref = new FixtureRef.Instance(slow);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Snapshot> task = () -> cache.snapshot(ref, loader, false);
            var futures = pool.invokeAll(java.util.List.of(task, task, task, task));
            Snapshot first = futures.getFirst().get();
            for (Future<Snapshot> f : futures) {
                assertThat(f.get()).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(builds).hasValue(1);
    }

    @Test
    void aBrokenScriptFailsTheSameWayEveryTimeWithoutBeingRebuilt() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.sql"), "create table t(x);\n\ninsert into nope values (1);");
        FixtureRef ref = new FixtureRef.Location("file:" + broken);

        assertThatThrownBy(() -> cache.snapshot(ref, loader, false)).isInstanceOf(SqlScriptException.class)
                .hasMessageStartingWith(broken + ":3: ");
        Throwable first = catchFailure(ref);
        Throwable second = catchFailure(ref);
        assertThat(second).isSameAs(first);
    }

    private Throwable catchFailure(FixtureRef ref) {
        try {
            cache.snapshot(ref, loader, false);
            throw new AssertionError("no failure");
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void noFixtureIsAnEmptyReplicaWhenWritableAndAOnePageDatabaseOtherwise() throws Exception {
        assertThat(cache.snapshot(new FixtureRef.None(), loader, true).files()).isEmpty();
        assertThat(cache.snapshot(new FixtureRef.None(), loader, false).files()).singleElement()
                .extracting(Snapshot.File::key).isEqualTo(LtxFileKey.of(0, 1, 1));
    }
}
