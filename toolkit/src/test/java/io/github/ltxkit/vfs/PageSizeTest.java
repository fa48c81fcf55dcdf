package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.ltx.LtxEncoder;
import io.github.ltxkit.ltx.LtxHeader;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.UploadContent;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageSizeTest extends VfsTestCase {
    @ParameterizedTest(name = "page size {0}")
    @ValueSource(ints = {512, 1024, 2048, 4096, 8192, 16384, 32768, 65536})
    void everyPageSizeServesItsRowsByteForByte(int pageSize) throws Exception {
        var replica = fx.replica("ps" + pageSize);
        var primary = fx.primary(replica);
        primary.sql("pragma page_size = " + pageSize, "create table t(id integer primary key, v blob)");
        Random random = new Random(pageSize);
        byte[][] values = new byte[200][];
        try (PreparedStatement p = primary.connection().prepareStatement("insert into t values (?, ?)")) {
            for (int i = 0; i < values.length; i++) {
                values[i] = new byte[random.nextInt(3000)];
                random.nextBytes(values[i]);
                p.setInt(1, i);
                p.setBytes(2, values[i]);
                p.executeUpdate();
            }
        }
        primary.publish();
        ReplicaDatabase db = fx.open("ps" + pageSize + ".db", config(replica).build());
        try (Connection c = db.connect()) {
            assertThat(queryString(c, "pragma page_size")).isEqualTo(Integer.toString(pageSize));
            try (ResultSet r = c.createStatement().executeQuery("select id, v from t order by id")) {
                int n = 0;
                while (r.next()) {
                    assertThat(r.getBytes(2)).isEqualTo(values[r.getInt(1)]);
                    n++;
                }
                assertThat(n).isEqualTo(200);
            }
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
    }

    private static void upload(VfsFixture.TestReplica replica, LtxHeader header, int pageSize, long[] pgnos)
            throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        LtxEncoder e = LtxEncoder.create(out, header);
        byte[] page = new byte[pageSize];
        for (long p : pgnos) {
            ByteBuffer.wrap(page).putLong(0, p);
            e.writePage(p, page, 0);
        }
        e.finish();
        replica.client().createIfAbsent(new LtxFileKey(0, header.txRange()), UploadContent.of(out.toByteArray()),
                Instant.now());
    }

    @ParameterizedTest(name = "page size {0}")
    @ValueSource(ints = {512, 1024, 2048, 4096, 8192, 16384, 32768, 65536})
    void thePagesAroundTheLockPageAreServedAndTheLockPageReadsAsZeros(int pageSize) throws Exception {
        var replica = fx.replica("lock" + pageSize);
        long lock = Ltx.lockPgno(pageSize);
        long commit = lock + 2;
        // A one-page snapshot, then a file that grows the database past the lock page carrying only the pages
        // around it: enough to test the boundary without encoding a gibibyte.
        upload(replica, LtxHeader.withoutChecksums(pageSize, 1, 1, 1, 0), pageSize, new long[] {1});
        upload(replica, LtxHeader.withoutChecksums(pageSize, commit, 2, 2, 0), pageSize,
                new long[] {lock - 1, lock + 1, lock + 2});
        ReplicaDatabase db = fx.open("lock" + pageSize + ".db", config(replica).build());
        DatabaseEngine engine = fx.vfs.registry().running("lock" + pageSize + ".db");
        DatabaseState state = engine.current();
        assertThat(state.commit()).isEqualTo(commit);
        byte[] page = new byte[pageSize];
        for (long p : new long[] {lock - 1, lock + 1, lock + 2}) {
            engine.readPage(state, p, page, 1);
            assertThat(ByteBuffer.wrap(page).getLong(0)).as("page %d", p).isEqualTo(p);
        }
        engine.readPage(state, lock, page, 1);
        assertThat(page).containsOnly(0);
        assertThat(db.pageCount()).isEqualTo(commit);
        assertThatThrownBy(() -> engine.readPage(state, commit + 1, new byte[pageSize], 1))
                .hasMessageContaining("is in no LTX file");
    }
}
