package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** SQLite keeps its own page cache across transactions while the database does not change (§1.6). */
class SqliteCacheTest extends VfsTestCase {
    @Test
    void repeatedTransactionsOnAnUnchangedDatabaseReadOnlyTheHeaderFromTheVfs() throws Exception {
        var replica = fx.replica("warm");
        var primary = fx.primary(replica);
        primary.commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(200) from " + VfsFixture.series(1, 5000));
        ReplicaDatabase db = fx.open("warm.db", config(replica).build());
        DatabaseEngine engine = fx.vfs.registry().running("warm.db");
        try (Connection c = db.connect(); PreparedStatement p = c.prepareStatement("select v from t where id = ?")) {
            p.setInt(1, 4321);
            p.executeQuery().close();
            long before = engine.pagesServed.sum();
            for (int i = 0; i < 100; i++) {
                try (ResultSet r = p.executeQuery()) {
                    assertThat(r.next()).isTrue();
                }
            }
            long perQuery = (engine.pagesServed.sum() - before) / 100;
            assertThat(perQuery).as("pages read from the VFS per query once warm").isLessThanOrEqualTo(1);

            primary.commit("update t set v = 'changed' where id = 4321");
            db.pollNow();
            try (ResultSet r = p.executeQuery()) {
                r.next();
                assertThat(r.getString(1)).as("a change is seen: the counter moved").isEqualTo("changed");
            }
        }
    }
}
