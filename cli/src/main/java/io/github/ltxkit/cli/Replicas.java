package io.github.ltxkit.cli;

import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Opens replicas for the commands: URL parsing as a usage error, credentials from the environment. Stateless. */
final class Replicas {
    private Replicas() {
    }

    /** Parses a replica URL; a malformed one is a usage error. */
    static ReplicaUrl parse(String text) {
        try {
            return ReplicaUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    /**
     * Opens the replica at {@code url} with credentials from {@code environment} ({@code AWS_ACCESS_KEY_ID} and
     * {@code AWS_SECRET_ACCESS_KEY}, else {@code LITESTREAM_ACCESS_KEY_ID} and {@code LITESTREAM_SECRET_ACCESS_KEY};
     * with a session token or without keys, the AWS SDK's default chain decides).
     *
     * @param decorator wraps the backend, e.g. to count transferred bytes
     */
    static Replica open(ReplicaUrl url, Map<String, String> environment, UnaryOperator<ReplicaClient> decorator) {
        ReplicaOptions options = ReplicaOptions.builder().credentials(credentials(environment)).decorator(decorator)
                .build();
        try {
            return Replica.open(url, options);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    /** Fails unless a directory replica's directory exists (reading a typo'd path should not look empty). */
    static void requireExistingDirectory(ReplicaUrl url) {
        if (url.isDirectory() && !Files.isDirectory(url.directory())) {
            throw new CliException(ExitCodes.STORAGE, "replica directory " + url.directory() + " does not exist");
        }
    }

    /** Returns the files of levels {@code from} to {@code to}, level by level, each in TXID order. */
    static List<LtxFileInfo> list(ReplicaClient client, int from, int to) throws ReplicaException {
        List<LtxFileInfo> all = new ArrayList<>();
        for (int level = from; level <= to; level++) {
            all.addAll(client.list(level, 0));
        }
        return all;
    }

    /** Returns the files of every level. */
    static List<LtxFileInfo> listAll(ReplicaClient client) throws ReplicaException {
        return list(client, 0, LtxFileKey.MAX_LEVEL);
    }

    static S3Credentials credentials(Map<String, String> env) {
        if (present(env.get("AWS_SESSION_TOKEN"))) {
            return null;
        }
        String id = present(env.get("AWS_ACCESS_KEY_ID")) ? env.get("AWS_ACCESS_KEY_ID")
                : env.get("LITESTREAM_ACCESS_KEY_ID");
        String secret = present(env.get("AWS_SECRET_ACCESS_KEY")) ? env.get("AWS_SECRET_ACCESS_KEY")
                : env.get("LITESTREAM_SECRET_ACCESS_KEY");
        return present(id) && present(secret) ? new S3Credentials(id, secret) : null;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
