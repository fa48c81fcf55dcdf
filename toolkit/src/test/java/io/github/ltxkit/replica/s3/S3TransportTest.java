package io.github.ltxkit.replica.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link S3Transport}: the SDK client is built once, on first use, and closing closes everything it owns. */
class S3TransportTest {
    private final RecordingHttpClient http = new RecordingHttpClient();
    private final ClosableCredentials credentials = new ClosableCredentials();
    private final AtomicInteger builds = new AtomicInteger();
    private final List<S3Client> built = new ArrayList<>();

    private S3Transport transport() {
        return new S3Transport(http, credentials, null, () -> {
            builds.incrementAndGet();
            S3Client client = S3Client.builder().region(Region.US_EAST_1).httpClient(http)
                    .credentialsProvider(credentials).build();
            synchronized (built) {
                built.add(client);
            }
            return client;
        });
    }

    @Test
    void theSdkClientIsBuiltOnlyWhenFirstAskedFor() {
        S3Transport transport = transport();

        assertThat(transport.sdkBuilt()).isFalse();
        assertThat(builds).hasValue(0);
        S3Client first = transport.sdk();
        assertThat(transport.sdk()).isSameAs(first);
        assertThat(transport.sdkBuilt()).isTrue();
        assertThat(builds).hasValue(1);
    }

    @Test
    void threadsAskingAtOnceGetOneSdkClient() throws Exception {
        S3Transport transport = transport();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<S3Client> seen = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                S3Client c = transport.sdk();
                synchronized (seen) {
                    seen.add(c);
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }

        assertThat(builds).hasValue(1);
        assertThat(seen).hasSize(8).allSatisfy(c -> assertThat(c).isSameAs(seen.getFirst()));
    }

    @Test
    void closingClosesTheHttpClientWhichTheSdkClientLeavesOpen() {
        S3Transport transport = transport();
        transport.sdk();

        transport.close();
        transport.close();

        assertThat(http.closed).hasValue(1);
        assertThat(credentials.closed.get()).as("closed by the SDK client").isPositive();
    }

    @Test
    void aTransportWhoseSdkClientWasNeverBuiltClosesItsConnectionsAndCredentials() {
        S3Transport transport = transport();

        transport.close();

        assertThat(http.closed).hasValue(1);
        assertThat(credentials.closed).hasValue(1);
        assertThat(builds).hasValue(0);
        assertThatThrownBy(transport::sdk).isInstanceOf(IllegalStateException.class)
                .hasMessage("the S3 connection is closed");
    }

    /** An HTTP client that only counts its closes. */
    private static final class RecordingHttpClient implements SdkHttpClient {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            throw new UnsupportedOperationException("no requests in this test");
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    /** Credentials that can be closed, like the SDK's default chain. */
    private static final class ClosableCredentials implements AwsCredentialsProvider, AutoCloseable {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public AwsCredentials resolveCredentials() {
            return AwsBasicCredentials.create("id", "secret");
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }
}
