package io.github.ltxkit.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.seed.Seeder;
import io.github.ltxkit.testsupport.SharedS3Server;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The databases of one VFS on one S3 endpoint share one SDK client, which lives as long as the VFS. */
class SharedS3ClientTest {
    @TempDir
    Path dir;

    private final EmbeddedS3Server server = SharedS3Server.get();
    private String bucket;

    @BeforeEach
    void seed() throws Exception {
        bucket = SharedS3Server.newBucket("shared-client");
        for (String name : new String[] {"orders", "users"}) {
            Path db = dir.resolve(name + ".db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                 Statement s = c.createStatement()) {
                s.execute("create table t(v text)");
                s.execute("insert into t values ('" + name + "')");
            }
            try (Replica replica = Replica.open(url(name), ReplicaOptions.builder().credentials(credentials())
                    .build())) {
                Seeder.seedDatabase(db, replica.client());
            }
        }
    }

    @AfterEach
    void dropBucket() {
        server.deleteBucket(bucket);
    }

    private ReplicaUrl url(String name) {
        return ReplicaUrl.parse(urlText(name));
    }

    private String urlText(String name) {
        return "s3://" + bucket + "/" + name + "?endpoint=" + server.endpoint();
    }

    private S3Credentials credentials() {
        return new S3Credentials(server.credentials().accessKeyId(), server.credentials().secretAccessKey());
    }

    private static LitestreamVfs register(Map<String, String> environment) {
        return LitestreamVfs.register("ltxkit-shared-" + Long.toHexString(ThreadLocalRandom.current().nextLong()),
                environment);
    }

    private static String value(ReplicaDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            return VfsFixture.queryString(c, "select v from t");
        }
    }

    private ReplicaDatabase open(LitestreamVfs vfs, String name, S3Credentials keys) throws Exception {
        return vfs.open(name + ".db", DatabaseConfig.builder().replicaUrl(urlText(name)).build(), keys);
    }

    @Test
    void twoDatabasesOnOneEndpointShareOneClientAndEachReadsItsOwnReplica() throws Exception {
        try (LitestreamVfs vfs = register(Map.of());
             ReplicaDatabase orders = open(vfs, "orders", credentials());
             ReplicaDatabase users = open(vfs, "users", credentials())) {
            assertThat(value(orders)).isEqualTo("orders");
            assertThat(value(users)).isEqualTo("users");
            assertThat(vfs.s3Clients().size()).isEqualTo(1);
        }
    }

    @Test
    void closingOneDatabaseLeavesTheSharedClientToTheOthers() throws Exception {
        try (LitestreamVfs vfs = register(Map.of());
             ReplicaDatabase users = open(vfs, "users", credentials())) {
            try (ReplicaDatabase orders = open(vfs, "orders", credentials())) {
                assertThat(value(orders)).isEqualTo("orders");
            }

            assertThat(value(users)).isEqualTo("users");
            try (ReplicaDatabase again = open(vfs, "orders", credentials())) {
                assertThat(value(again)).isEqualTo("orders");
            }
            assertThat(vfs.s3Clients().size()).isEqualTo(1);
        }
    }

    @Test
    void databasesWithOtherCredentialsGetAClientOfTheirOwn() throws Exception {
        S3Credentials wrong = new S3Credentials(server.credentials().accessKeyId(),
                "wrong-secret-0123456789abcdefghijklmnopq");
        try (LitestreamVfs vfs = register(Map.of());
             ReplicaDatabase orders = open(vfs, "orders", credentials())) {
            assertThatThrownBy(() -> open(vfs, "users", wrong)).hasMessageContaining("check the secret access key");

            assertThat(vfs.s3Clients().size()).isEqualTo(2);
            assertThat(value(orders)).isEqualTo("orders");
        }
    }

    @Test
    void closingTheVfsClosesItsClients() throws Exception {
        LitestreamVfs vfs = register(Map.of());
        try (ReplicaDatabase orders = open(vfs, "orders", credentials())) {
            assertThat(value(orders)).isEqualTo("orders");
        }

        vfs.close();

        assertThat(vfs.s3Clients().size()).isZero();
        assertThatThrownBy(() -> vfs.s3Clients().open(url("orders"), ReplicaOptions.defaults()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aVfsConfiguredByTheEnvironmentBuildsTheReplicasClientAsItRegisters() throws Exception {
        try (LitestreamVfs vfs = register(Map.of("LITESTREAM_REPLICA_URL", urlText("orders")))) {
            assertThat(vfs.s3Clients().size()).isEqualTo(1);
        }
    }

    @Test
    void anUnusableReplicaUrlInTheEnvironmentDoesNotStopTheRegistrationButFailsTheOpen() throws Exception {
        try (LitestreamVfs vfs = register(Map.of("LITESTREAM_REPLICA_URL", "ftp://nowhere/db"))) {
            assertThat(vfs.s3Clients().size()).isZero();
            assertThatThrownBy(() -> DriverManager.getConnection(vfs.jdbcUrl("env.db")).close())
                    .isInstanceOf(java.sql.SQLException.class).hasMessageContaining("SQLITE_CANTOPEN");
        }
    }
}
