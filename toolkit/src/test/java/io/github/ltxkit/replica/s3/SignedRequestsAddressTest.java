package io.github.ltxkit.replica.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/** Where {@link SignedRequests} sends a bucket's requests: where the SDK's endpoint rules place the bucket. */
class SignedRequestsAddressTest {
    private static SignedRequests.BucketAddress address(String region, String endpoint, boolean pathStyle,
                                                        String bucket) {
        return new SignedRequests(null, AnonymousCredentialsProvider.create(), region,
                endpoint == null ? null : URI.create(endpoint), pathStyle).address(bucket);
    }

    @Test
    void aPathStyleEndpointPutsTheBucketInThePath() {
        SignedRequests.BucketAddress a = address("us-east-1", "http://127.0.0.1:9000", true, "my-bucket");

        assertThat(a.object("db/0000/0000000000000001-0000000000000001.ltx")).hasToString(
                "http://127.0.0.1:9000/my-bucket/db/0000/0000000000000001-0000000000000001.ltx");
        assertThat(a.listing()).hasToString("http://127.0.0.1:9000/my-bucket");
    }

    @Test
    void aVirtualHostedEndpointPutsTheBucketInTheHost() {
        SignedRequests.BucketAddress a = address("us-east-1", "https://storage.example.com", false, "my-bucket");

        assertThat(a.object("db/x.ltx")).hasToString("https://my-bucket.storage.example.com/db/x.ltx");
        assertThat(a.listing()).hasToString("https://my-bucket.storage.example.com/");
    }

    @Test
    void awsWithARegionIsTheRegionalVirtualHostedEndpoint() {
        SignedRequests.BucketAddress a = address("eu-west-1", null, false, "my-bucket");

        assertThat(a.object("db/x.ltx")).hasToString("https://my-bucket.s3.eu-west-1.amazonaws.com/db/x.ltx");
        assertThat(a.listing()).hasToString("https://my-bucket.s3.eu-west-1.amazonaws.com/");
    }

    @Test
    void keysAreEncodedExceptForTheirSlashes() {
        SignedRequests.BucketAddress a = address("us-east-1", "http://127.0.0.1:9000", true, "b-1");

        assertThat(a.object("my db/Ünïcode+x=y&z.ltx").toString())
                .isEqualTo("http://127.0.0.1:9000/b-1/my%20db/%C3%9Cn%C3%AFcode%2Bx%3Dy%26z.ltx");
    }

    @Test
    void anEndpointWithAPathKeepsIt() {
        SignedRequests.BucketAddress a = address("us-east-1", "http://127.0.0.1:9000/s3", true, "my-bucket");

        assertThat(a.object("k")).hasToString("http://127.0.0.1:9000/s3/my-bucket/k");
        assertThat(a.listing()).hasToString("http://127.0.0.1:9000/s3/my-bucket");
    }
}
