package io.github.ltxkit.junit;

import static io.github.ltxkit.junit.Sql.execute;
import static io.github.ltxkit.junit.Sql.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.junit.LitestreamDatabase.Toggle;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import java.net.URI;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The external backend (pointed at an S3 server this test starts, as it would be at AWS or a MinIO cluster), and
 * the backends that cannot run here being disabled rather than failed.
 */
class BackendsTest {
    static final String BUCKET = "external-tests";
    static final List<ReplicaLocation> SEEN = new CopyOnWriteArrayList<>();

    static EmbeddedS3Server external;
    static S3Client client;

    @BeforeAll
    static void startExternalServer() {
        external = EmbeddedS3Server.start();
        external.createBucket(BUCKET);
        client = S3Client.builder().endpointOverride(external.endpoint()).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClient(ApacheHttpClient.builder().expectContinueEnabled(false).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        external.credentials().accessKeyId(), external.credentials().secretAccessKey()))).build();
    }

    @AfterAll
    static void stopExternalServer() {
        client.close();
        external.close();
    }

    static Engine externalEngine() {
        return Engine.engine()
                .with(LitestreamDatabase.EXTERNAL_ENDPOINT_PROPERTY, external.endpoint().toString())
                .with(LitestreamDatabase.EXTERNAL_BUCKET_PROPERTY, BUCKET)
                .with(LitestreamDatabase.EXTERNAL_ACCESS_KEY_ID_PROPERTY, external.credentials().accessKeyId())
                .with(LitestreamDatabase.EXTERNAL_SECRET_ACCESS_KEY_PROPERTY, external.credentials().secretAccessKey())
                .with(LitestreamDatabase.EXTERNAL_PREFIX_PROPERTY, "ci/ltxkit");
    }

    static List<String> keysUnder(String prefix) {
        return client.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key)
                .sorted().toList();
    }

    @EngineTestCase
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @LitestreamDatabase(fixture = "fixtures/orders.sql", backend = Backend.EXTERNAL, writable = Toggle.ON)
    static class ExternalTestCase {
        @Test
        @Order(1)
        void writes(Connection c, ReplicaLocation location) throws Exception {
            SEEN.add(location);
            execute(c, "insert into customers(name) values ('Margaret')");
            assertThat(queryLong(c, "select count(*) from customers")).isEqualTo(4);
        }

        @Test
        @Order(2)
        void failsAfterWriting(Connection c, ReplicaLocation location) throws Exception {
            SEEN.add(location);
            execute(c, "insert into customers(name) values ('Frances')");
            fail("on purpose");
        }
    }

    @Test
    void theExternalBackendGivesEachDatabaseAPrefixAndDeletesItUnlessTheTestFailed() {
        SEEN.clear();

        externalEngine().run(ExternalTestCase.class).testEvents().assertStatistics(s -> s.started(2).failed(1));

        ReplicaLocation passed = SEEN.get(0);
        ReplicaLocation failed = SEEN.get(1);
        assertThat(passed.backend()).isEqualTo(Backend.EXTERNAL);
        assertThat(passed.endpoint()).isEqualTo(external.endpoint());
        assertThat(passed.bucket()).isEqualTo(BUCKET);
        assertThat(passed.prefix()).matches("ci/ltxkit/\\d{8}-\\d{6}-[0-9a-f]{4}/\\d+-BackendsTest"
                + ".ExternalTestCase.writes.default");
        assertThat(keysUnder(passed.prefix() + "/")).isEmpty();
        assertThat(keysUnder("ci/ltxkit/")).as("the fixture's template is gone too").allMatch(k ->
                k.startsWith(failed.prefix() + "/"));
        assertThat(keysUnder(failed.prefix() + "/")).containsExactly(
                failed.levelPrefix(0) + "0000000000000001-0000000000000001.ltx",
                failed.levelPrefix(0) + "0000000000000002-0000000000000002.ltx");
    }

    @EngineTestCase
    static class ProgrammaticExternalTestCase {
        @RegisterExtension
        LitestreamExtension db = LitestreamExtension.builder()
                .fixture("fixtures/orders.sql")
                .external(external.endpoint(), "us-east-1", BUCKET, new S3Credentials(
                        external.credentials().accessKeyId(), external.credentials().secretAccessKey()), "in-code")
                .build();

        @Test
        void usesTheLocationGivenInCode() throws Exception {
            SEEN.add(db.location());
            assertThat(queryLong(db.connection(), "select count(*) from orders")).isEqualTo(3);
        }
    }

    @Test
    void anExternalLocationCanBeGivenInCode() {
        SEEN.clear();

        Engine.execute(ProgrammaticExternalTestCase.class).testEvents().assertStatistics(s -> s.started(1)
                .succeeded(1));

        assertThat(SEEN.getFirst().prefix()).startsWith("in-code/");
        assertThat(keysUnder("in-code/")).isEmpty();
    }

    @EngineTestCase
    static class UnconfiguredExternalTestCase {
        @Test
        @LitestreamDatabase(backend = Backend.EXTERNAL)
        void test() {
        }

        @Test
        void withoutDatabase() {
        }
    }

    @Test
    void anUnconfiguredExternalBackendDisablesTheTestNamingWhatIsMissing() {
        EngineExecutionResults results = Engine.engine()
                .with(LitestreamDatabase.EXTERNAL_ENDPOINT_PROPERTY, "https://s3.eu-west-1.amazonaws.com")
                .run(UnconfiguredExternalTestCase.class);

        results.testEvents().assertStatistics(s -> s.skipped(1).succeeded(1));
        assertThat(results.testEvents().skipped().stream().map(e -> e.getRequiredPayload(String.class)))
                .containsExactly("the default database declared by method "
                        + "BackendsTest$UnconfiguredExternalTestCase.test() needs the EXTERNAL backend, which is not "
                        + "configured: set ltxkit.external.bucket, ltxkit.external.accessKeyId, "
                        + "ltxkit.external.secretAccessKey");
    }

    @EngineTestCase
    @LitestreamDatabase(backend = Backend.MINIO)
    static class MinioTestCase {
        @Test
        void test(Connection c) throws Exception {
            assertThat(queryLong(c, "select count(*) from sqlite_schema")).isZero();
        }
    }

    @Test
    void theMinioBackendRunsWhereDockerIsAndIsDisabledWithTheReasonWhereItIsNot() {
        EngineExecutionResults results = Engine.execute(MinioTestCase.class);

        if (MinioSupport.dockerAvailable()) {
            results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        } else {
            results.containerEvents().assertStatistics(s -> s.skipped(1));
            assertThat(results.containerEvents().skipped().stream().map(e -> e.getRequiredPayload(String.class)))
                    .singleElement().asString()
                    .startsWith("the default database declared by class BackendsTest$MinioTestCase needs the MINIO "
                            + "backend: Docker is not available");
        }
    }

    /** Whether this machine can run MinIO, asked the way the extension asks. */
    static final class MinioSupport {
        static boolean dockerAvailable() {
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    @Test
    void theEndpointOfTheExternalBackendMayOmitTheScheme() {
        URI endpoint = external.endpoint();
        String withoutScheme = endpoint.getHost() + ":" + endpoint.getPort();
        SEEN.clear();

        externalEngine().with(LitestreamDatabase.EXTERNAL_ENDPOINT_PROPERTY, withoutScheme)
                .run(ProgrammaticLessTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

        assertThat(SEEN.getFirst().endpoint()).isEqualTo(endpoint);
    }

    @EngineTestCase
    static class ProgrammaticLessTestCase {
        @Test
        void test(@LitestreamDatabase(backend = Backend.EXTERNAL) ReplicaLocation location) {
            SEEN.add(location);
        }
    }
}
