package io.github.ltxkit.replica.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaAccessException;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.replica.UploadContent;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.testsupport.SharedS3Server;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link S3ClientCache}: replicas of one configuration share an SDK client, which only the cache closes. */
class S3ClientCacheTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    private final EmbeddedS3Server server = SharedS3Server.get();
    private final S3ClientCache cache = new S3ClientCache();
    private String bucket;

    @BeforeEach
    void createBucket() {
        bucket = SharedS3Server.newBucket("client-cache");
    }

    @AfterEach
    void cleanUp() {
        cache.close();
        server.deleteBucket(bucket);
    }

    private S3Credentials credentials() {
        return new S3Credentials(server.credentials().accessKeyId(), server.credentials().secretAccessKey());
    }

    private ReplicaUrl url(String path) {
        return ReplicaUrl.parse("s3://" + bucket + "/" + path + "?endpoint=" + server.endpoint());
    }

    private static ReplicaOptions options(S3Credentials credentials) {
        return ReplicaOptions.builder().credentials(credentials).build();
    }

    private static void write(S3ReplicaClient client, long txid) throws Exception {
        client.createIfAbsent(LtxFileKey.of(0, txid, txid), UploadContent.of(new byte[] {1, 2, 3}), T);
    }

    private static long onlyTxid(S3ReplicaClient client) throws Exception {
        var files = client.listAllLevels();
        assertThat(files).hasSize(1);
        return files.getFirst().key().range().max();
    }

    @Test
    void twoReplicasOnOneEndpointWithTheSameCredentialsShareOneClientAndEachSeesItsOwnFiles() throws Exception {
        S3ReplicaClient orders = cache.open(url("orders.db"), options(credentials()), Map.of());
        S3ReplicaClient users = cache.open(url("users.db"), options(credentials()), Map.of());

        write(orders, 1);
        write(users, 2);

        assertThat(cache.size()).isEqualTo(1);
        assertThat(onlyTxid(orders)).isEqualTo(1);
        assertThat(onlyTxid(users)).isEqualTo(2);
    }

    @Test
    void closingOneReplicaLeavesTheSharedClientOpenForTheOthersAndForLaterOpens() throws Exception {
        S3ReplicaClient orders = cache.open(url("orders.db"), options(credentials()), Map.of());
        S3ReplicaClient users = cache.open(url("users.db"), options(credentials()), Map.of());
        write(users, 2);

        orders.close();

        assertThat(onlyTxid(users)).isEqualTo(2);
        S3ReplicaClient again = cache.open(url("users.db"), options(credentials()), Map.of());
        assertThat(onlyTxid(again)).isEqualTo(2);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void differentCredentialsGetDifferentClients() throws Exception {
        S3ReplicaClient good = cache.open(url("db"), options(credentials()), Map.of());
        S3Credentials wrong = new S3Credentials(server.credentials().accessKeyId(),
                "wrong-secret-0123456789abcdefghijklmnopq");
        S3ReplicaClient bad = cache.open(url("db"), options(wrong), Map.of());

        assertThat(cache.size()).isEqualTo(2);
        assertThat(good.listAllLevels()).isEmpty();
        assertThatThrownBy(bad::listAllLevels).isInstanceOf(ReplicaAccessException.class)
                .hasMessageEndingWith("(check the secret access key)");
    }

    @Test
    void otherConnectionSettingsGetAClientOfTheirOwn() {
        cache.open(url("db"), options(credentials()), Map.of());
        cache.open(url("db"), options(credentials()).toBuilder().requestTimeout(Duration.ofSeconds(7)).build(),
                Map.of());
        cache.open(ReplicaUrl.parse("s3://" + bucket + "/db?endpoint=" + server.endpoint() + "&region=eu-west-1"),
                options(credentials()), Map.of());

        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void keysFromTheEnvironmentShareTheClientOfTheSameExplicitKeys() throws Exception {
        S3Credentials keys = credentials();
        cache.open(url("db"), options(keys), Map.of());

        S3ReplicaClient fromEnvironment = cache.open(url("db"), ReplicaOptions.defaults(), Map.of(
                "AWS_ACCESS_KEY_ID", keys.accessKeyId(), "AWS_SECRET_ACCESS_KEY", keys.secretAccessKey()));

        assertThat(cache.size()).isEqualTo(1);
        assertThat(fromEnvironment.listAllLevels()).isEmpty();
    }

    @Test
    void closingTheCacheClosesItsClientsAndRefusesNewOpens() {
        S3ReplicaClient client = cache.open(url("db"), options(credentials()), Map.of());

        cache.close();

        assertThat(cache.size()).isZero();
        assertThatThrownBy(client::listAllLevels).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the S3 connection is closed");
        assertThatThrownBy(() -> cache.open(url("db"), options(credentials()), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the S3 client cache is closed");
    }

    @Test
    void aClientBuiltAheadIsTheOneTheFirstOpenUses() throws Exception {
        S3Credentials keys = credentials();
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", keys.accessKeyId(), "AWS_SECRET_ACCESS_KEY",
                keys.secretAccessKey());
        S3Transport ahead = cache.transport(url("db"), ReplicaOptions.defaults(), env);

        S3ReplicaClient opened = cache.open(url("db"), ReplicaOptions.defaults(), env);

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.transport(url("db"), ReplicaOptions.defaults(), env)).isSameAs(ahead);
        assertThat(opened.listAllLevels()).isEmpty();
    }

    @Test
    void aDirectoryUrlIsRefused() {
        assertThatThrownBy(() -> cache.open(ReplicaUrl.parse("file:///tmp/replica"), ReplicaOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an s3 replica URL: ");
    }

    @Test
    void theCacheKeyShowsNeitherTheKeyIdNorTheSecret() {
        S3Credentials keys = new S3Credentials("AKIDVISIBLE", "secret-that-must-not-show");
        S3ClientKey explicit = S3ClientKey.of(url("db"), options(keys), Map.of());
        S3ClientKey session = S3ClientKey.of(url("db"), ReplicaOptions.defaults(), Map.of("AWS_ACCESS_KEY_ID",
                "AKIDVISIBLE", "AWS_SECRET_ACCESS_KEY", "secret-that-must-not-show", "AWS_SESSION_TOKEN",
                "token-that-must-not-show"));

        for (S3ClientKey key : new S3ClientKey[] {explicit, session}) {
            assertThat(key.toString()).contains("fixed keys (redacted)").doesNotContain("AKIDVISIBLE")
                    .doesNotContain("secret-that-must-not-show").doesNotContain("token-that-must-not-show");
            assertThat(key.keys().toString()).isEqualTo("StaticKeys[redacted]");
        }
        assertThat(explicit).isNotEqualTo(session);
        assertThat(S3ClientKey.of(url("db"), ReplicaOptions.defaults(), Map.of()).toString())
                .contains("credentials=default chain");
    }
}
