package io.github.ltxkit.testsupport;

import io.github.ltxkit.s3server.EmbeddedS3Server;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** The one embedded S3 server of the test JVM, started on first use and stopped when the JVM exits. */
public final class SharedS3Server {
    private SharedS3Server() {
    }

    /** Returns the server, starting it on first use. */
    public static EmbeddedS3Server get() {
        return Holder.SERVER;
    }

    /** Creates a bucket with a random name that starts with {@code prefix}. */
    public static String newBucket(String prefix) {
        String name = (prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()))
                .toLowerCase(Locale.ROOT);
        get().createBucket(name);
        return name;
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
