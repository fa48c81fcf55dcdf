package io.github.ltxkit.replica.s3;

import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.replica.S3Credentials;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.utils.AttributeMap;

/** Builds the SDK clients of {@link S3ReplicaClient} from a replica URL and options. */
final class S3Clients {
    /** The region of custom endpoints, and of AWS when nothing else says. */
    static final String DEFAULT_REGION = "us-east-1";

    private S3Clients() {
    }

    /**
     * Builds the transport of a replica URL and options: an Apache HttpClient without {@code Expect: 100-continue},
     * with a connection pool, connect and socket timeouts; signed requests over it for reads and listings when the
     * bucket's region is known; and, built on first use over the same HTTP client, a sync SDK client with its
     * retries off (retries are {@code RetryingReplicaClient}'s job), a per-attempt timeout, and checksums only where
     * S3 requires them (for the widest compatibility with S3-compatible stores).
     */
    static S3Transport build(ReplicaUrl url, ReplicaOptions options, Map<String, String> env) {
        return build(url, options, env, true);
    }

    /**
     * Like {@link #build(ReplicaUrl, ReplicaOptions, Map)}; {@code signedReads} false sends every request through the
     * SDK, as does a bucket without a known region whatever it says.
     */
    static S3Transport build(ReplicaUrl url, ReplicaOptions options, Map<String, String> env, boolean signedReads) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                .expectContinueEnabled(false)
                .maxConnections(options.maxConnections())
                .connectionTimeout(options.connectTimeout())
                .connectionAcquisitionTimeout(options.requestTimeout())
                .socketTimeout(options.requestTimeout());
        SdkHttpClient httpClient = url.skipVerify()
                ? http.buildWithDefaults(AttributeMap.builder()
                        .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build())
                : http.build();
        try {
            AwsCredentialsProvider credentials = credentials(options.credentials(), env);
            String region = region(url);
            SignedRequests signed = !signedReads || crossRegion(url) ? null
                    : new SignedRequests(httpClient, credentials, region, url.endpoint(), url.forcePathStyle());
            S3Transport transport = new S3Transport(httpClient, credentials, signed,
                    () -> sdkClient(url, options, httpClient, credentials, region));
            if (signed == null) {
                transport.sdk(); // everything goes through the SDK: let it reject its configuration now
            }
            return transport;
        } catch (RuntimeException e) {
            httpClient.close();
            throw e;
        }
    }

    private static S3Client sdkClient(ReplicaUrl url, ReplicaOptions options, SdkHttpClient httpClient,
                                      AwsCredentialsProvider credentials, String region) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(httpClient)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .forcePathStyle(url.forcePathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(options.requestTimeout()));
        if (url.endpoint() != null) {
            builder.endpointOverride(url.endpoint());
        } else if (crossRegion(url)) {
            builder.crossRegionAccessEnabled(true); // the bucket may live elsewhere than the default region
        }
        return builder.build();
    }

    /** Returns whether the client finds the bucket's region itself: on AWS, when the URL names none. */
    static boolean crossRegion(ReplicaUrl url) {
        return url.endpoint() == null && url.region() == null;
    }

    /** Returns the URL's region; else us-east-1 for custom endpoints; else the SDK's region chain or us-east-1. */
    static String region(ReplicaUrl url) {
        if (url.region() != null) {
            return url.region();
        }
        if (url.endpoint() != null) {
            return DEFAULT_REGION;
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (RuntimeException noRegionConfigured) {
            return DEFAULT_REGION;
        }
    }

    /**
     * Returns the explicit credentials; else those of the environment as Litestream reads it (each of the key id
     * and the secret from {@code AWS_*} first, then {@code LITESTREAM_*}); else the SDK's default chain.
     */
    static AwsCredentialsProvider credentials(S3Credentials explicit, Map<String, String> env) {
        StaticKeys keys = staticKeys(explicit, env);
        if (keys == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(keys.sessionToken() == null
                ? AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())
                : AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken()));
    }

    /**
     * Returns the fixed keys {@link #credentials} uses: the explicit pair, else the environment's; {@code null}
     * when the SDK's default chain decides.
     */
    static StaticKeys staticKeys(S3Credentials explicit, Map<String, String> env) {
        if (explicit != null) {
            return new StaticKeys(explicit.accessKeyId(), explicit.secretAccessKey(), null);
        }
        String awsId = env.get("AWS_ACCESS_KEY_ID");
        String awsSecret = env.get("AWS_SECRET_ACCESS_KEY");
        String id = nonEmpty(awsId) ? awsId : env.get("LITESTREAM_ACCESS_KEY_ID");
        String secret = nonEmpty(awsSecret) ? awsSecret : env.get("LITESTREAM_SECRET_ACCESS_KEY");
        if (nonEmpty(id) && nonEmpty(secret)) {
            String token = env.get("AWS_SESSION_TOKEN");
            boolean session = nonEmpty(token) && nonEmpty(awsId) && nonEmpty(awsSecret);
            return new StaticKeys(id, secret, session ? token : null);
        }
        return null;
    }

    /**
     * Fixed S3 keys. {@link #toString()} shows none of them.
     *
     * @param sessionToken the session token, or {@code null} for a plain key pair
     */
    record StaticKeys(String accessKeyId, String secretAccessKey, String sessionToken) {
        @Override
        public String toString() {
            return "StaticKeys[redacted]";
        }
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
