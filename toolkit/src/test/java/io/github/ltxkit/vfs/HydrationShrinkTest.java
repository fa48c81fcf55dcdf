package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.count;
import static io.github.ltxkit.vfs.VfsFixture.queryLong;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A database that gets smaller (a VACUUM, on the primary or through the writer) gets smaller in the hydrated copy
 * too: Litestream's VFS never truncates its hydrated file (litestream-vfs-behaviour.md §4.4).
 */
class HydrationShrinkTest extends VfsTestCase {
    private static final int PAGE_SIZE = 4096;

    @Test
    @DisplayName("§4.4 a replica whose commit goes down shrinks the copy, and the copy stays a valid database")
    void aVacuumOnThePrimaryShrinksTheCopy() throws Exception {
        var replica = fx.replica("shrink");
        var primary = fx.primary(replica);
        primary.commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(800) from " + VfsFixture.series(1, 3000));
        Path copy = dir.resolve("shrink-copy.db");
        ReplicaDatabase db = fx.open("shrink.db", config(replica).hydrationEnabled(true).hydrationPath(copy).build());
        db.awaitHydrated();
        long before = db.pageCount();
        assertThat(Files.size(copy)).isEqualTo(before * PAGE_SIZE);

        primary.commit("delete from t where id > 100", "vacuum");
        db.pollNow();
        db.awaitHydrated();
        assertThat(db.pageCount()).isLessThan(before / 10);
        assertThat(Files.size(copy)).as("the copy's size").isEqualTo(db.pageCount() * PAGE_SIZE);
        long copyReads = fx.vfs.registry().running("shrink.db").hydration.fileReads.get();
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(100);
            assertThat(queryLong(c, "select sum(length(v)) from t")).isEqualTo(100 * 800);
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
        assertThat(fx.vfs.registry().running("shrink.db").hydration.fileReads.get()).as("read from the copy")
                .isGreaterThan(copyReads);
        db.close();
        assertPlainSqliteReads(copy, 100);
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(fx.restore(replica)));
    }

    @Test
    @DisplayName("§4.4 the writer's own VACUUM shrinks the copy before and after it is uploaded")
    void aVacuumThroughTheWriterShrinksTheCopy() throws Exception {
        var replica = fx.replica("wshrink");
        fx.primary(replica).commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(800) from " + VfsFixture.series(1, 3000));
        Path copy = dir.resolve("wshrink-copy.db");
        ReplicaDatabase db = fx.open("wshrink.db", config(replica).writeEnabled(true).syncInterval(Duration.ZERO)
                .bufferPath(dir.resolve("wshrink-buffer")).hydrationEnabled(true).hydrationPath(copy).build());
        db.awaitHydrated();
        long before = db.pageCount();
        try (Connection c = db.connect()) {
            c.createStatement().execute("delete from t where id > 50");
            c.createStatement().execute("vacuum");
        }
        db.awaitHydrated();
        assertThat(db.pageCount()).isLessThan(before / 10);
        assertThat(Files.size(copy)).as("the copy's size before the upload").isEqualTo(db.pageCount() * PAGE_SIZE);
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(50);
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
        db.syncNow();
        db.awaitHydrated();
        assertThat(Files.size(copy)).as("the copy's size after the upload").isEqualTo(db.pageCount() * PAGE_SIZE);
        db.close();
        assertPlainSqliteReads(copy, 50);
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(fx.restore(replica)));
    }

    /** Opens the copy itself with plain sqlite-jdbc (no VFS): it is a whole, valid database. */
    private static void assertPlainSqliteReads(Path copy, long rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + copy + "?mode=ro")) {
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
            assertThat(count(c, "t")).isEqualTo(rows);
            assertThat(queryLong(c, "pragma page_count") * PAGE_SIZE).isEqualTo(Files.size(copy));
        }
    }
}
