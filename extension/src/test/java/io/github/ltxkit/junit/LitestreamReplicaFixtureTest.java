package io.github.ltxkit.junit;

import static io.github.ltxkit.junit.Sql.queryLong;
import static io.github.ltxkit.junit.Sql.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.vfs.ReplicaDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A replica written by the real Litestream 0.5.17 VFS (src/test/resources/fixtures/litestream-0.5.17-replica, see
 * its README) is copied as it is and served with the state Litestream itself read back.
 */
class LitestreamReplicaFixtureTest {

    @EngineTestCase
    static class ReplicaTestCase {
        @Test
        void servesTheStateLitestreamWrote(
                @LitestreamDatabase(fixture = "fixtures/litestream-0.5.17-replica") ReplicaDatabase db,
                @LitestreamDatabase ReplicaLocation location, @LitestreamDatabase S3Client s3) throws Exception {
            assertThat(db.txid()).isEqualTo(5);
            try (Connection c = db.connect()) {
                assertThat(queryString(c, "select count(*) || '|' || sum(total_cents) from orders"))
                        .isEqualTo("153|1138940");
                assertThat(queryString(c, "select group_concat(id || '|' || name || '|' || city, ';') from "
                        + "(select * from customers order by id)"))
                        .isEqualTo("1|Ada|Cambridge;2|Grace|New York;3|Linus|Helsinki");
                assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
                assertThat(queryLong(c, "select count(*) from orders where customer_id = 3")).isEqualTo(150);
            }
            List<String> keys = s3.listObjectsV2(b -> b.bucket(location.bucket()).prefix(location.prefix() + "/"))
                    .contents().stream().map(S3Object::key).toList();
            assertThat(keys).containsExactly(
                    location.levelPrefix(0) + "0000000000000001-0000000000000001.ltx",
                    location.levelPrefix(0) + "0000000000000002-0000000000000002.ltx",
                    location.levelPrefix(0) + "0000000000000003-0000000000000003.ltx",
                    location.levelPrefix(0) + "0000000000000004-0000000000000004.ltx",
                    location.levelPrefix(0) + "0000000000000005-0000000000000005.ltx");
        }
    }

    @Test
    void aReplicaWrittenByLitestreamIsServedCorrectly() {
        Engine.assertAllSucceeded(Engine.execute(ReplicaTestCase.class), 1);
    }
}
