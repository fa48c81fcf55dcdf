package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link LitestreamVfs#closeDatabase} ends a database whatever still holds it, after its final upload. */
class CloseDatabaseTest extends VfsTestCase {
    @Test
    void closingADatabaseHeldByAHandleAndAConnectionUploadsItsCommitsAndEndsIt() throws Exception {
        var replica = fx.replica("held");
        fx.primary(replica).commit("create table t(x)");
        ReplicaDatabase db = fx.open("held.db", config(replica).writeEnabled(true).syncInterval(Duration.ZERO)
                .bufferPath(dir.resolve("held-buffer")).build());
        Connection open = db.connect();
        open.createStatement().execute("insert into t values (1)");

        assertThat(fx.vfs.closeDatabase("held.db")).isTrue();

        assertThat(db.isOpen()).isFalse();
        assertThatThrownBy(() -> open.createStatement().executeQuery("select count(*) from t").next())
                .isInstanceOf(SQLException.class);
        open.close();
        try (Connection c = fx.open("held.db", config(replica).build()).connect()) {
            assertThat(count(c, "t")).as("the final upload of the closed instance").isOne();
        }
    }

    @Test
    void closingADatabaseThatIsNotRunningSaysSo() throws Exception {
        var replica = fx.replica("gone");
        fx.primary(replica).commit("create table t(x)");
        ReplicaDatabase db = fx.open("gone.db", config(replica).build());
        db.crash();

        assertThat(fx.vfs.closeDatabase("gone.db")).isFalse();
        assertThat(fx.vfs.closeDatabase("never-opened.db")).isFalse();
    }
}
