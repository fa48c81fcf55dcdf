package io.github.ltxkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.ltx.LtxHeader;
import io.github.ltxkit.replica.DirectoryReplicaClient;
import io.github.ltxkit.replica.RestorePlan;
import io.github.ltxkit.replica.RestorePlanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainRestoreTest {
    @TempDir
    Path dir;

    @Test
    void aChainLongerThanTheOpenFileLimitIsMergedInRounds() throws Exception {
        DirectoryReplicaClient client = new DirectoryReplicaClient(dir.resolve("replica"));
        Path expected;
        try (Primary primary = new Primary(dir.resolve("p.db"), client)) {
            primary.sql("create table t(id integer primary key, v)");
            for (int i = 0; i < 40; i++) {
                primary.sql("insert into t(v) values (randomblob(" + (100 + i * 97) + "))",
                        "update t set v = 'touched " + i + "' where id = " + (i / 2 + 1))
                        .publish(Instant.EPOCH.plusSeconds(i));
            }
            expected = primary.copyTo(dir.resolve("expected.db"));
        }
        RestorePlan plan = RestorePlanner.plan(client, RestorePlanner.Target.latest());
        Path out = dir.resolve("out.db");

        LtxHeader header = new ChainRestore(3).restore(client, plan, out, Progress.disabled());

        assertThat(plan.files()).hasSize(40);
        assertThat(header.txRange().toString()).isEqualTo("0000000000000001-0000000000000028");
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(expected));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("replica", "p.db",
                    "expected.db", "out.db");
        }
    }
}
