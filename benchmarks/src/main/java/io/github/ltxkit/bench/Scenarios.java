package io.github.ltxkit.bench;

import io.github.ltxkit.bench.codec.CodecThroughput;
import io.github.ltxkit.bench.junit.ExtensionOverhead;
import io.github.ltxkit.bench.read.FirstQueryLatency;
import io.github.ltxkit.bench.read.HydrationThroughput;
import io.github.ltxkit.bench.read.ScanThroughput;
import io.github.ltxkit.bench.s3server.S3ServerStartup;
import io.github.ltxkit.bench.write.CommitLatency;
import io.github.ltxkit.bench.write.DurableLag;
import java.util.List;

/** The list of every benchmark scenario, in report order: add new scenarios here. Stateless. */
public final class Scenarios {
    private Scenarios() {
    }

    /** Returns a new instance of every scenario, in the order the report lists them. */
    public static List<Scenario> all() {
        return List.of(
                new CodecThroughput(),
                new FirstQueryLatency(),
                new ScanThroughput(),
                new HydrationThroughput(),
                new S3ServerStartup(),
                new CommitLatency(),
                new DurableLag(),
                new ExtensionOverhead());
    }
}
