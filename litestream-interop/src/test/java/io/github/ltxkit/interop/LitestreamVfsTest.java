package io.github.ltxkit.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness against the real Litestream VFS; skipped with the reason where it cannot run. */
class LitestreamVfsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static LitestreamVfs vfs;

    @TempDir
    Path dir;

    @BeforeAll
    static void detect() {
        Availability availability = LitestreamVfs.detect();
        Assumptions.assumeTrue(availability.isAvailable(), availability.reason());
        vfs = availability.vfs();
    }

    @Test
    void detectionNamesTheExtensionAndTheShell() {
        assertThat(vfs.extension()).isRegularFile();
        assertThat(vfs.sqlite3()).isExecutable();
        assertThat(vfs.sqliteVersion()).matches("3\\.\\d+\\.\\d+");
        assertThat(LitestreamVfs.detect().reason()).startsWith("Litestream VFS available: ")
                .contains(vfs.extension().toString(), "sqlite3 " + vfs.sqliteVersion());
    }

    @Test
    void aWriterUploadsToADirectoryReplicaThatAReaderThenServes() {
        String url = dir.resolve("replica").toUri().toString();
        LitestreamConfig writer = LitestreamConfig.builder(url).writerSyncingOnClose().build();

        SqlResult write = vfs.run(writer,
                "create table t(id integer primary key, name text); insert into t(name) values ('a'), ('b');",
                TIMEOUT).requireSuccess();
        SqlResult read = vfs.run(LitestreamConfig.builder(url).build(), "select id, name from t order by id",
                TIMEOUT).requireSuccess();

        assertThat(dir.resolve("replica/ltx/0/0000000000000001-0000000000000001.ltx")).isRegularFile();
        assertThat(read.rows()).containsExactly(List.of("1", "a"), List.of("2", "b"));
        assertThat(write.log()).contains("msg=\"synced to remote\"", "txid=0000000000000001");
        assertThat(write.stdout()).isEmpty();
    }

    @Test
    void rowsKeepNewlinesSeparatorsEmptyStringsAndNulls() {
        String url = dir.resolve("replica").toUri().toString();
        SqlResult result = vfs.run(LitestreamConfig.builder(url).writerSyncingOnClose().build(),
                "select 'a\nb', null, 'x|y,z', ''; select 2, 'two';", TIMEOUT).requireSuccess();

        assertThat(result.rows()).containsExactly(java.util.Arrays.asList("a\nb", null, "x|y,z", ""),
                List.of("2", "two"));
    }

    @Test
    void aFailingStatementStopsTheRunWithSqlitesError() {
        String url = dir.resolve("replica").toUri().toString();
        SqlResult result = vfs.run(url, Map.of("LITESTREAM_WRITE_ENABLED", "true"),
                "select 1; select * from missing; select 2;", TIMEOUT);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.rows()).containsExactly(List.of("1"));
        assertThat(result.stderr()).contains("no such table: missing");
        assertThatThrownBy(result::requireSuccess).isInstanceOf(LitestreamException.class)
                .hasMessageContaining("failed with exit status 1; stderr: ")
                .hasMessageContaining("no such table: missing");
    }

    @Test
    void aReaderOfAnEmptyReplicaWaitsAndIsKilledAtTheTimeout() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        assertThatThrownBy(() -> vfs.run(LitestreamConfig.builder(empty.toUri().toString()).build(), "select 1;",
                Duration.ofSeconds(2)))
                .isInstanceOf(LitestreamException.class)
                .hasMessageContaining("did not finish within 2000 ms and was killed");
    }

    @Test
    void aSessionCommitsOverTimeAndUploadsAtEachSyncInterval() throws Exception {
        String url = dir.resolve("replica").toUri().toString();
        vfs.run(LitestreamConfig.builder(url).writerSyncingOnClose().build(),
                "create table counter(id integer primary key, n integer); insert into counter values (1, 0);",
                TIMEOUT).requireSuccess();
        LitestreamConfig writer = LitestreamConfig.builder(url).writer(Duration.ofMillis(100)).build();

        SqlResult stopped;
        try (LitestreamSession session = vfs.openSession(writer)) {
            for (int i = 1; i <= 4; i++) {
                session.execute("update counter set n = n + 1 where id = 1", TIMEOUT);
                long files = levelZeroFiles();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (levelZeroFiles() == files && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(levelZeroFiles()).as("an upload after commit %d", i).isGreaterThan(files);
            }
            assertThat(session.query("select n from counter", TIMEOUT)).containsExactly(List.of("4"));
            stopped = session.stop(TIMEOUT);
        }

        assertThat(stopped.exitCode()).isZero();
        assertThat(stopped.log()).contains("synced to remote");
        assertThat(vfs.run(LitestreamConfig.builder(url).build(), "select n from counter", TIMEOUT)
                .requireSuccess().singleValue()).isEqualTo("4");
    }

    @Test
    void aFailingStatementEndsTheSessionWithSqlitesError() {
        String url = dir.resolve("replica").toUri().toString();
        try (LitestreamSession session = vfs.openSession(LitestreamConfig.builder(url).writerSyncingOnClose()
                .build())) {
            assertThat(session.query("select 40 + 2", TIMEOUT)).containsExactly(List.of("42"));

            assertThatThrownBy(() -> session.query("select * from nope", TIMEOUT))
                    .isInstanceOf(LitestreamException.class)
                    .hasMessageContaining("sqlite3 exited (exit status 1) while running: select * from nope")
                    .hasMessageContaining("no such table: nope");
            assertThat(session.isAlive()).isFalse();
        }
    }

    @Test
    void stoppingASessionTwiceGivesTheFirstOutcome() {
        String url = dir.resolve("replica").toUri().toString();
        LitestreamSession session = vfs.openSession(LitestreamConfig.builder(url).writerSyncingOnClose().build());
        session.execute("create table t(x)", TIMEOUT);

        SqlResult first = session.stop(TIMEOUT);
        session.close();

        assertThat(session.stop(TIMEOUT)).isSameAs(first);
        assertThat(first.exitCode()).isZero();
        assertThat(dir.resolve("replica/ltx/0/0000000000000001-0000000000000001.ltx")).isRegularFile();
        assertThatThrownBy(() -> session.query("select 1", TIMEOUT)).isInstanceOf(LitestreamException.class)
                .hasMessage("the session has been stopped (exit status 0)");
    }

    private long levelZeroFiles() throws IOException {
        Path level0 = dir.resolve("replica/ltx/0");
        if (!Files.isDirectory(level0)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(level0)) {
            return files.filter(p -> p.toString().endsWith(".ltx")).count();
        }
    }
}
