package io.github.ltxkit.vfs;

import static io.github.ltxkit.vfs.VfsFixture.config;
import static io.github.ltxkit.vfs.VfsFixture.count;
import static io.github.ltxkit.vfs.VfsFixture.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.fault.Fault;
import io.github.ltxkit.fault.RecordedRequest;
import io.github.ltxkit.replica.ReplicaOperation;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each fault kind of the programmatic API ({@code db.faults()}) on a real database workload, with the effect it has
 * there. The declarative side ({@code @StorageFault}) is tested the same way in the extension module.
 */
class FaultKindsOnAWorkloadTest extends VfsTestCase {
    private VfsFixture.TestReplica seededReplica(String name) throws Exception {
        var replica = fx.replica(name);
        fx.primary(replica).commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(900) from " + VfsFixture.series(1, 200));
        return replica;
    }

    private ReplicaDatabase reader(String name) throws Exception {
        return fx.open(name + ".db", config(seededReplica(name)).readahead(false).build());
    }

    private ReplicaDatabase writer(String name) throws Exception {
        return fx.open(name + ".db", config(seededReplica(name)).writeEnabled(true).syncInterval(Duration.ZERO)
                .bufferPath(dir.resolve(name + "-buffer")).build());
    }

    private static void insertRows(ReplicaDatabase db, int rows) throws SQLException {
        try (Connection c = db.connect()) {
            c.createStatement().execute("insert into t(v) select randomblob(900) from " + VfsFixture.series(1, rows));
        }
    }

    @Test
    void anErrorResponseThatIsNotRetriedFailsTheQueryWithTheInjectedStatus() throws Exception {
        ReplicaDatabase db = reader("error");
        try (Connection c = db.connect()) {
            db.faults().on(ReplicaOperation.READ).times(1).inject(Fault.accessDenied());
            assertThatThrownBy(() -> count(c, "t")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("disk I/O error").hasMessageContaining("403");
            assertThat(count(c, "t")).isEqualTo(200);
        }
    }

    @Test
    void latencyDelaysEveryRequestItHits() throws Exception {
        ReplicaDatabase db = reader("latency");
        db.faults().on(ReplicaOperation.READ).always().inject(Fault.latency(Duration.ofMillis(40)));
        long mark = db.faults().journal().mark();
        try (Connection c = db.connect()) {
            assertThat(queryString(c, "select length(v) from t where id = 150")).isEqualTo("900");
        }
        var reads = db.faults().journal().since(mark).filter(r -> r.operation() == ReplicaOperation.READ);
        assertThat(reads.list()).isNotEmpty().allSatisfy(r ->
                assertThat(r.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(40)));
    }

    @Test
    void bandwidthSlowsAnUploadToTheGivenRate() throws Exception {
        ReplicaDatabase db = writer("bandwidth");
        insertRows(db, 200);
        db.faults().on(ReplicaOperation.WRITE).always().inject(Fault.bandwidth(500_000));
        db.syncNow();
        RecordedRequest upload = db.faults().journal().requests().filter(r -> r.operation()
                == ReplicaOperation.WRITE).list().getLast();
        assertThat(upload.bytes()).isGreaterThan(100_000);
        assertThat(upload.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(upload.bytes() * 1000 / 500_000 - 20));
    }

    @Test
    void aTruncatedBodyIsDetectedAndReadAgainNeverServedAsAPage() throws Exception {
        ReplicaDatabase db = reader("truncated");
        try (Connection c = db.connect()) {
            db.faults().on(ReplicaOperation.READ).times(3).inject(Fault.truncatedBody(0.5));
            assertThat(count(c, "t")).isEqualTo(200);
            assertThat(queryString(c, "pragma integrity_check")).isEqualTo("ok");
        }
        assertThat(db.faults().injected()).hasSize(3);
    }

    @Test
    void aConnectionResetIsRetriedOnReadsAndFailsAnUploadOnceRetriesRunOut() throws Exception {
        ReplicaDatabase db = writer("reset");
        db.faults().on(ReplicaOperation.READ).times(2).inject(Fault.connectionReset());
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(200);
        }
        assertThat(db.faults().injected()).hasSize(2);

        insertRows(db, 1);
        db.faults().on(ReplicaOperation.WRITE).always().inject(Fault.connectionReset());
        assertThatThrownBy(db::syncNow).isInstanceOf(IOException.class).hasMessageContaining("reset");
        db.faults().clearRules();
        assertThat(db.syncNow()).isEqualTo(2);
    }

    @Test
    void anAmbiguousWriteStoresTheFileAndTheRetryRecognisesIt() throws Exception {
        ReplicaDatabase db = writer("ambiguous");
        insertRows(db, 3);
        db.faults().on(ReplicaOperation.WRITE).times(1).inject(Fault.ambiguousWrite());
        assertThat(db.syncNow()).isEqualTo(2);
        assertThat(db.faults().journal().count(ReplicaOperation.WRITE)).as("the write and its retry").isEqualTo(2);
        try (ReplicaDatabase view = db.bucketView(); Connection c = view.connect()) {
            assertThat(count(c, "t")).isEqualTo(203);
        }
    }

    @Test
    void aStaleListingHidesNewFilesFromTheFollowerUntilItClears() throws Exception {
        var replica = fx.replica("stale");
        LocalPrimary primary = fx.primary(replica);
        primary.commit("create table t(id integer primary key, v)",
                "insert into t select value, randomblob(900) from " + VfsFixture.series(1, 200));
        ReplicaDatabase db = fx.open("stale.db", config(replica).build());
        primary.commit("insert into t(v) values (1)");
        db.faults().on(ReplicaOperation.LIST).times(1).inject(Fault.staleListing(1));
        assertThat(db.pollNow()).as("the new file is hidden").isFalse();
        assertThat(db.pollNow()).as("the next listing shows it").isTrue();
        try (Connection c = db.connect()) {
            assertThat(count(c, "t")).isEqualTo(201);
        }
    }

    @Test
    void aPartitionFailsRemoteReadsUntilItHeals() throws Exception {
        ReplicaDatabase db = reader("partition");
        try (Connection c = db.connect()) {
            db.faults().partition();
            assertThatThrownBy(() -> count(c, "t")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("partition");
            db.faults().heal();
            assertThat(count(c, "t")).isEqualTo(200);
        }
    }

    @Test
    void aFollowerListsAtMostOncePerPollInterval() throws Exception {
        var replica = seededReplica("rate");
        ReplicaDatabase db = fx.open("rate.db", config(replica).pollInterval(Duration.ofMillis(100)).build());
        long mark = db.faults().journal().mark();
        Thread.sleep(700);
        var lists = db.faults().journal().since(mark);
        assertThat(lists.count(ReplicaOperation.LIST)).isGreaterThanOrEqualTo(3);
        lists.assertAtMostPer(ReplicaOperation.LIST, 1, Duration.ofMillis(90));
        assertThatThrownBy(() -> lists.assertAtMostPer(ReplicaOperation.LIST, 1, Duration.ofMillis(250)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("LIST requests per PT0.25S");
    }
}
