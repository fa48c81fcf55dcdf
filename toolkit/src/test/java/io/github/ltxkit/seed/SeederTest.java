package io.github.ltxkit.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.ltx.LtxFormatException;
import io.github.ltxkit.replica.DirectoryReplicaClient;
import io.github.ltxkit.replica.LtxFileKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeederTest {
    @TempDir
    Path dir;

    @Test
    void aScriptSplitsIntoStatementsWithTheirLines() {
        SqlScript script = new SqlScript("s.sql", """
                -- a comment; not a statement
                create table t(x text);
                insert into t values ('a;b'), ("c;d");
                /* multi
                   line */ insert into t values ('it''s');
                create trigger tr after insert on t begin
                  insert into t values ('x');
                  update t set x = x;
                end;
                select 1""");
        List<SqlScript.Statement> s = script.statements();
        assertThat(s).extracting(SqlScript.Statement::line).containsExactly(2, 3, 5, 6, 10);
        assertThat(s.get(1).sql()).contains("'a;b'");
        assertThat(s.get(3).sql()).startsWith("create trigger").endsWith("end");
    }

    @Test
    void aBrokenScriptFailsWithItsFileAndLine() {
        SqlScript script = new SqlScript("fixtures/orders.sql", "create table t(x);\n\ninsert into nope values (1);");
        assertThatThrownBy(() -> Seeder.buildDatabase(script, dir.resolve("x.db")))
                .isInstanceOf(SqlScriptException.class)
                .hasMessageStartingWith("fixtures/orders.sql:3: ").hasMessageContaining("no such table: nope");
    }

    @Test
    void aScriptSeedsAnEmptyReplicaWithASnapshotAtTxidOne() throws Exception {
        var replica = new DirectoryReplicaClient(dir.resolve("r"));
        Seeder.seedScript(new SqlScript("s.sql", "create table t(x); insert into t values (7);"), replica);
        assertThat(replica.list(0, 0)).extracting(f -> f.key()).containsExactly(LtxFileKey.of(0, 1, 1));
        assertThatThrownBy(() -> Seeder.seedScript(new SqlScript("s.sql", "create table u(x);"), replica))
                .hasMessageContaining("is not empty");
    }

    @Test
    void aWalModeDatabaseIsCopiedConsistentlyBeforeSeeding() throws Exception {
        Path db = dir.resolve("wal.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            for (String sql : List.of("pragma journal_mode = wal", "pragma wal_autocheckpoint = 0",
                    "create table t(x)", "insert into t values ('in the wal')")) {
                try (var s = c.createStatement()) {
                    s.execute(sql);
                }
            }
            assertThat(Files.size(Path.of(db + "-wal"))).isPositive();
            var replica = new DirectoryReplicaClient(dir.resolve("r"));
            Seeder.seedDatabase(db, replica);
            Path restored = dir.resolve("restored.db");
            io.github.ltxkit.ltx.DatabaseFiles.restore(List.of(replica.open(LtxFileKey.of(0, 1, 1))),
                    List.of("1"), restored);
            try (Connection r = DriverManager.getConnection("jdbc:sqlite:" + restored);
                 ResultSet rs = r.createStatement().executeQuery("select x from t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("in the wal");
            }
        }
    }

    @Test
    void aReplicaDirectoryIsCopiedInAnyLayoutAndACorruptFileIsNamed() throws Exception {
        var source = new DirectoryReplicaClient(dir.resolve("src"));
        Seeder.seedScript(new SqlScript("s.sql", "create table t(x);"), source);
        var copy = new DirectoryReplicaClient(dir.resolve("copy"));
        assertThat(Seeder.copyDirectory(dir.resolve("src"), copy)).isEqualTo(1);
        assertThat(copy.list(0, 0)).hasSize(1);

        Path flat = Files.createDirectories(dir.resolve("flat"));
        Path bad = flat.resolve("0000000000000001-0000000000000001.ltx");
        Files.write(bad, new byte[200]);
        assertThatThrownBy(() -> Seeder.copyDirectory(flat, new DirectoryReplicaClient(dir.resolve("c2"))))
                .isInstanceOf(LtxFormatException.class).hasMessageContaining(bad.toString())
                .hasMessageContaining("magic");
    }

    @Test
    void copyingAReplicaKeepsLevelsAndCreationTimes() throws Exception {
        var source = new DirectoryReplicaClient(dir.resolve("a"));
        Seeder.seedScript(new SqlScript("s.sql", "create table t(x);"), source);
        var target = new DirectoryReplicaClient(dir.resolve("b"));
        assertThat(Seeder.copyReplica(source, target)).isEqualTo(1);
        assertThat(target.list(0, 0).getFirst().createdAt()).isEqualTo(source.list(0, 0).getFirst().createdAt());
    }
}
