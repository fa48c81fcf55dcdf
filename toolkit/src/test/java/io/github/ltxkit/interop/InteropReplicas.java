package io.github.ltxkit.interop;

import io.github.ltxkit.ltx.DatabaseChecksum;
import io.github.ltxkit.ltx.LtxDecoder;
import io.github.ltxkit.ltx.LtxHeader;
import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import io.github.ltxkit.testsupport.SharedS3Server;
import io.github.ltxkit.vfs.DatabaseConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;

/**
 * Replicas on the shared embedded S3 server as both sides name them: Litestream-style URLs, the Litestream VFS
 * configurations of a writer and a reader, ltxkit configurations, and a look at the files in the bucket. Stateless.
 */
final class InteropReplicas {
    /** How long one {@code sqlite3} process with the Litestream VFS may take. */
    static final Duration LITESTREAM_TIMEOUT = Duration.ofSeconds(60);

    private InteropReplicas() {
    }

    /** Returns the URL of a replica at {@code path} in a new bucket of the embedded S3 server. */
    static String newReplicaUrl(String path) {
        EmbeddedS3Server s3 = SharedS3Server.get();
        return "s3://" + SharedS3Server.newBucket("interop") + "/" + path + "?endpoint=" + s3.endpoint()
                + "&force-path-style=true&region=" + s3.region();
    }

    /** Returns the embedded server's key pair for ltxkit. */
    static S3Credentials credentials() {
        EmbeddedS3Server.Credentials c = SharedS3Server.get().credentials();
        return new S3Credentials(c.accessKeyId(), c.secretAccessKey());
    }

    /** Returns a Litestream VFS writer that uploads once, when its {@code sqlite3} process closes the database. */
    static LitestreamConfig litestreamWriter(String url) {
        return withCredentials(LitestreamConfig.builder(url).writerSyncingOnClose()).build();
    }

    /** Returns a read-only Litestream VFS connection. */
    static LitestreamConfig litestreamReader(String url) {
        return withCredentials(LitestreamConfig.builder(url)).build();
    }

    /** Returns an ltxkit configuration that polls often; read-only until told otherwise. */
    static DatabaseConfig.Builder ltxkit(String url) {
        return DatabaseConfig.builder().replicaUrl(url).pollInterval(Duration.ofMillis(50));
    }

    /** Returns an ltxkit writer configuration that uploads only on {@code syncNow()} and close. */
    static DatabaseConfig.Builder ltxkitWriter(String url) {
        return ltxkit(url).writeEnabled(true).syncInterval(Duration.ZERO);
    }

    /** Opens ltxkit's replica client on {@code url}, for looking at the files; close it after use. */
    static Replica replica(String url) {
        return Replica.open(ReplicaUrl.parse(url), ReplicaOptions.builder().credentials(credentials()).build());
    }

    /** Returns the keys of the files at {@code level}, in TXID order. */
    static List<LtxFileKey> keys(String url, int level) throws IOException {
        try (Replica replica = replica(url)) {
            return replica.client().list(level, 0).stream().map(LtxFileInfo::key).toList();
        }
    }

    /** Reads the header of one file. */
    static LtxHeader header(Replica replica, LtxFileKey key) throws IOException {
        try (InputStream in = replica.client().open(key); LtxDecoder decoder = LtxDecoder.open(in, key.fileName())) {
            return decoder.header();
        }
    }

    /**
     * Computes the LTX checksum of the database the level-0 files of {@code url} build, straight from the files:
     * every page of every file in TXID order (the newest copy of a page wins), cut at the last file's commit. This
     * is what the last file's post-apply checksum would hold had it been written with checksums (Litestream and
     * ltxkit both write files without them).
     */
    static long postApplyChecksum(String url) throws IOException {
        try (Replica replica = replica(url)) {
            ReplicaClient client = replica.client();
            TreeMap<Long, Long> pageChecksums = new TreeMap<>();
            long commit = 0;
            long expectedMin = 1;
            for (LtxFileInfo file : client.list(0, 0)) {
                if (file.minTxid() != expectedMin) {
                    throw new IllegalStateException("level 0 is not contiguous at " + file.key());
                }
                try (InputStream in = client.open(file.key());
                     LtxDecoder decoder = LtxDecoder.open(in, file.key().fileName())) {
                    LtxHeader header = decoder.header();
                    byte[] page = new byte[header.pageSize()];
                    for (long pgno; (pgno = decoder.readPage(page)) != 0; ) {
                        pageChecksums.put(pgno, DatabaseChecksum.pageChecksum(pgno, page));
                    }
                    commit = header.commit();
                }
                expectedMin = file.maxTxid() + 1;
            }
            pageChecksums.tailMap(commit, false).clear();
            DatabaseChecksum sum = new DatabaseChecksum();
            pageChecksums.values().forEach(sum::add);
            // The test databases stay far below the lock page (1 GiB), so every page 1..commit must be present.
            if (pageChecksums.size() != commit) {
                throw new IllegalStateException("the files hold " + pageChecksums.size() + " of " + commit + " pages");
            }
            return sum.value();
        }
    }

    private static LitestreamConfig.Builder withCredentials(LitestreamConfig.Builder builder) {
        EmbeddedS3Server.Credentials c = SharedS3Server.get().credentials();
        return builder.credentials(c.accessKeyId(), c.secretAccessKey());
    }
}
