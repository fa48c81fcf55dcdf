package io.github.ltxkit.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ltxkit.ltx.LtxDecoder;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import java.io.IOException;
import java.io.InputStream;

/** Checks on the objects of a replica, for the crash tests. */
final class ReplicaObjects {
    private ReplicaObjects() {
    }

    static Replica open(String url, S3Credentials creds) {
        return Replica.open(ReplicaUrl.parse(url), ReplicaOptions.builder().credentials(creds).build());
    }

    /** Lists every file of every level and decodes it whole: a partial upload would fail here. */
    static void assertEveryObjectIsComplete(String url, S3Credentials creds) throws IOException {
        try (Replica replica = open(url, creds)) {
            for (int level = 0; level <= 9; level++) {
                for (LtxFileInfo f : replica.client().list(level, 0)) {
                    try (InputStream in = replica.client().open(f.key())) {
                        assertThat(LtxDecoder.verify(in, f.key().toString()).header().maxTxid())
                                .as("the TXIDs of %s", f.key()).isEqualTo(f.key().range().max());
                    }
                }
            }
        }
    }
}
