package io.github.ltxkit.bench;

import io.github.ltxkit.bench.codec.CodecThroughput;

import java.util.List;

/** The list of every benchmark scenario, in report order: add new scenarios here. Stateless. */
public final class Scenarios {
    private Scenarios() {
    }

    /** Returns a new instance of every scenario, in the order the report lists them. */
    public static List<Scenario> all() {
        return List.of(
                new CodecThroughput(),
                new io.github.ltxkit.bench.s3server.S3ServerStartup(),
                new io.github.ltxkit.bench.write.CommitLatency(),
                new io.github.ltxkit.bench.write.DurableLag(),
                new io.github.ltxkit.bench.junit.ExtensionOverhead());
    }
}
