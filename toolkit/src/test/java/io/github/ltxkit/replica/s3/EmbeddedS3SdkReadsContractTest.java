package io.github.ltxkit.replica.s3;

import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import java.util.Map;

/**
 * The replica client contract against the embedded S3 server with every request sent through the AWS SDK, as for a
 * bucket reached without a region (where the SDK follows region redirects), instead of the signed requests reads
 * and listings otherwise use.
 */
class EmbeddedS3SdkReadsContractTest extends EmbeddedS3ReplicaClientContractTest {
    @Override
    protected S3ReplicaClient open(ReplicaUrl url, ReplicaOptions options) {
        S3ReplicaClient client = S3ReplicaClient.open(url, options, Map.of(), false);
        if (client.transport().signed() != null) {
            throw new AssertionError("the client under test should send its reads through the SDK");
        }
        return client;
    }
}
