package io.github.ltxkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The diagnostic parameter {@value #PROPERTY}, which the benchmarks use: the embedded S3 server holds every request
 * for that long before serving it.
 */
class EmbeddedRequestLatencyTest {
    static final String PROPERTY = "ltxkit.internal.embeddedRequestLatency";
    static final List<Long> LIST_NANOS = new CopyOnWriteArrayList<>();

    @EngineTestCase
    static class ListingTestCase {
        @Test
        void test(@LitestreamDatabase ReplicaLocation location, S3Client client) {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                client.listObjectsV2(b -> b.bucket(location.bucket()).prefix(location.prefix()));
                LIST_NANOS.add(System.nanoTime() - start);
            }
        }
    }

    @Test
    void everyRequestToTheEmbeddedServerWaitsTheConfiguredLatency() {
        LIST_NANOS.clear();

        Engine.assertAllSucceeded(Engine.engine().with(PROPERTY, "60ms").run(ListingTestCase.class), 1);

        assertThat(LIST_NANOS).hasSize(3).allSatisfy(nanos -> assertThat(nanos).isGreaterThanOrEqualTo(60_000_000L));
    }

    @Test
    void aMalformedLatencyNamesTheParameter() {
        assertThat(FailuresTest.onlyFailure(Engine.engine().with(PROPERTY, "soon").run(ListingTestCase.class)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("configuration parameter " + PROPERTY + ": invalid value 'soon' (want a duration such as "
                        + "20ms)");
    }
}
