package io.github.ltxkit.cli;

import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import io.github.ltxkit.s3server.EmbeddedS3Server;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The one embedded S3 server of the test JVM, started on first use and stopped when the JVM exits. */
final class SharedS3 {
    private SharedS3() {
    }

    static EmbeddedS3Server server() {
        return Holder.SERVER;
    }

    /** Creates a bucket with a random name. */
    static String newBucket() {
        String name = ("cli-" + Long.toHexString(ThreadLocalRandom.current().nextLong())).toLowerCase(Locale.ROOT);
        server().createBucket(name);
        return name;
    }

    /** Returns a Litestream-style URL of {@code path} in {@code bucket} on the server. */
    static String url(String bucket, String path) {
        return "s3://" + bucket + "/" + path + "?endpoint=" + server().endpoint()
                + "&force-path-style=true&region=" + server().region();
    }

    /** Returns the environment that gives the CLI the server's credentials. */
    static Map<String, String> env() {
        return Map.of("AWS_ACCESS_KEY_ID", server().credentials().accessKeyId(), "AWS_SECRET_ACCESS_KEY",
                server().credentials().secretAccessKey());
    }

    /** Opens a toolkit replica on the server, for setting up and checking what the CLI did. */
    static Replica open(String url) {
        return Replica.open(ReplicaUrl.parse(url), ReplicaOptions.builder().credentials(new S3Credentials(
                server().credentials().accessKeyId(), server().credentials().secretAccessKey())).build());
    }

    private static final class Holder {
        static final EmbeddedS3Server SERVER = start();

        private static EmbeddedS3Server start() {
            EmbeddedS3Server server = EmbeddedS3Server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-s3-shutdown"));
            return server;
        }
    }
}
