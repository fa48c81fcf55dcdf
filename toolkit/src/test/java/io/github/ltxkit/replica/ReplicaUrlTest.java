package io.github.ltxkit.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplicaUrlTest {

    @Test
    void anS3UrlNamesTheBucketAndTheKeyPrefix() {
        ReplicaUrl url = ReplicaUrl.parse("s3://my-bucket/path/to/db");

        assertThat(url.isS3()).isTrue();
        assertThat(url.bucket()).isEqualTo("my-bucket");
        assertThat(url.path()).isEqualTo("path/to/db");
        assertThat(url.endpoint()).isNull();
        assertThat(url.region()).isNull();
        assertThat(url.forcePathStyle()).isFalse();
        assertThat(url.skipVerify()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"s3://b, ''", "s3://b/, ''", "s3://b//a/./x/../c/, a/c", "s3://b/a/b/c, a/b/c"})
    void theKeyPrefixIsCleanedAsLitestreamCleansIt(String url, String path) {
        assertThat(ReplicaUrl.parse(url).path()).isEqualTo(path);
    }

    @Test
    void aCustomEndpointImpliesPathStyle() {
        ReplicaUrl url = ReplicaUrl.parse("s3://b/db?endpoint=http://127.0.0.1:9000&region=eu-central-1");

        assertThat(url.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(url.region()).isEqualTo("eu-central-1");
        assertThat(url.forcePathStyle()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"force-path-style=false, false", "forcePathStyle=false, false", "force-path-style=0, false",
            "forcePathStyle=no, false", "force-path-style=TRUE, true"})
    void pathStyleCanBeSetExplicitlyUnderEitherName(String param, boolean expected) {
        assertThat(ReplicaUrl.parse("s3://b/db?endpoint=localhost:9000&" + param).forcePathStyle())
                .isEqualTo(expected);
        assertThat(ReplicaUrl.parse("s3://b/db?" + param).forcePathStyle()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"localhost:9000, http://localhost:9000", "127.0.0.1:9000, http://127.0.0.1:9000",
            "10.0.0.7:9000, http://10.0.0.7:9000", "192.168.1.2, http://192.168.1.2",
            "172.20.0.5:9000, http://172.20.0.5:9000", "172.32.0.5:9000, https://172.32.0.5:9000",
            "nas.local:9000, http://nas.local:9000", "minio.example.com, https://minio.example.com",
            "https://localhost:9000, https://localhost:9000", "http://example.com, http://example.com"})
    void anEndpointWithoutSchemeGetsHttpWhenLocalAndHttpsOtherwise(String endpoint, String expected) {
        assertThat(ReplicaUrl.parse("s3://b/db?endpoint=" + endpoint).endpoint()).isEqualTo(URI.create(expected));
    }

    @Test
    void skipVerifyIsReadUnderEitherName() {
        assertThat(ReplicaUrl.parse("s3://b?skip-verify=true").skipVerify()).isTrue();
        assertThat(ReplicaUrl.parse("s3://b?skipVerify=1").skipVerify()).isTrue();
        assertThat(ReplicaUrl.parse("s3://b?skipVerify=false").skipVerify()).isFalse();
    }

    @Test
    void anAwsVirtualHostNameGivesBucketAndRegion() {
        ReplicaUrl url = ReplicaUrl.parse("s3://my.bucket.s3.eu-west-1.amazonaws.com/db");

        assertThat(url.bucket()).isEqualTo("my.bucket");
        assertThat(url.region()).isEqualTo("eu-west-1");
        assertThat(url.endpoint()).isNull();
    }

    @Test
    void aMinioStyleHostGivesBucketEndpointAndPathStyle() {
        ReplicaUrl url = ReplicaUrl.parse("s3://mybucket.localhost:9000/db");

        assertThat(url.bucket()).isEqualTo("mybucket");
        assertThat(url.endpoint()).isEqualTo(URI.create("http://localhost:9000"));
        assertThat(url.forcePathStyle()).isTrue();
    }

    @Test
    void otherLitestreamQueryParametersAreIgnored() {
        assertThat(ReplicaUrl.parse("s3://b/db?sign-payload=true&part-size=5242880").path()).isEqualTo("db");
    }

    @Test
    void aFileUrlOrAnAbsolutePathIsADirectoryReplica() {
        assertThat(ReplicaUrl.parse("file:///var/lib/db").directory()).isEqualTo(Path.of("/var/lib/db"));
        assertThat(ReplicaUrl.parse("file://localhost/var/lib/db").directory()).isEqualTo(Path.of("/var/lib/db"));
        assertThat(ReplicaUrl.parse("/var/lib/../lib/db/").directory()).isEqualTo(Path.of("/var/lib/db"));
        assertThat(ReplicaUrl.parse("file:///tmp/with%20space").directory()).isEqualTo(Path.of("/tmp/with space"));
        assertThat(ReplicaUrl.parse("/var/lib/db").isDirectory()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "s3:///path|no bucket",
            "s3://|no bucket",
            "s3:bucket|no bucket",
            "s3://localhost:9000/db|no bucket: 'localhost:9000' is a host and port",
            "gs://bucket/db|unknown scheme 'gs' (want s3 or file)",
            "s3://b/db?force-path-style=maybe|bad boolean for force-path-style: 'maybe'",
            "s3://b/db?skipVerify=2|bad boolean for skipVerify: '2'",
            "file:relative/db|relative file path",
            "relative/db|relative path or missing scheme",
            "file://server/share/db|a file URL must not name a host ('server')",
            "s3://b/db?endpoint=http://|endpoint"})
    void aBadUrlIsRejectedNamingTheUrlAndTheProblem(String url, String problem) {
        assertThatThrownBy(() -> ReplicaUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid replica URL '" + url + "': ")
                .hasMessageContaining(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://AKIAEXAMPLE:topsecret@bucket/db", "file://user:topsecret@host/db"})
    void credentialsInAUrlAreRefusedAndRedactedFromTheMessage(String url) {
        assertThatThrownBy(() -> ReplicaUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<redacted>@")
                .hasMessageContaining("credentials in the URL are not supported")
                .message().doesNotContain("topsecret");
    }

    @Test
    void toStringIsTheCanonicalUrlWithoutDefaultParameters() {
        assertThat(ReplicaUrl.parse("s3://b/db/").toString()).isEqualTo("s3://b/db");
        assertThat(ReplicaUrl.parse("s3://b/db?endpoint=127.0.0.1:9000").toString())
                .isEqualTo("s3://b/db?endpoint=http://127.0.0.1:9000");
        assertThat(ReplicaUrl.parse("s3://b?endpoint=localhost:9000&forcePathStyle=f&region=r&skipVerify=t")
                .toString()).isEqualTo("s3://b?endpoint=http://localhost:9000&region=r&force-path-style=false"
                        + "&skip-verify=true");
        assertThat(ReplicaUrl.parse("s3://b?force-path-style=true").toString())
                .isEqualTo("s3://b?force-path-style=true");
        assertThat(ReplicaUrl.parse("/tmp/with space/db").toString()).isEqualTo("file:///tmp/with%20space/db");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://b/db", "s3://b", "s3://b/a%3Fq/x%25y?endpoint=http://h:1&region=r",
            "s3://mybucket.localhost:9000/db", "s3://b?force-path-style=true&skip-verify=yes",
            "file:///tmp/a%20b/%23c", "/opt/replica"})
    void theCanonicalUrlParsesBackToAnEqualValue(String text) {
        ReplicaUrl url = ReplicaUrl.parse(text);

        assertThat(ReplicaUrl.parse(url.toString())).isEqualTo(url);
    }

    @Test
    void resolveDescendsIntoAChildPrefixOrDirectory() {
        assertThat(ReplicaUrl.parse("s3://b/db?region=r").resolve("test-1/").toString())
                .isEqualTo("s3://b/db/test-1?region=r");
        assertThat(ReplicaUrl.parse("s3://b").resolve("x").path()).isEqualTo("x");
        assertThat(ReplicaUrl.parse("/tmp/r").resolve("x").directory()).isEqualTo(Path.of("/tmp/r/x"));
    }

    @Test
    void directoryOfAnS3ReplicaIsAnError() {
        assertThatThrownBy(() -> ReplicaUrl.parse("s3://b/db").directory())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("not a directory replica: s3://b/db");
    }
}
