package io.github.ltxkit.replica.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * GET requests to S3 signed with SigV4 and sent straight over the HTTP client, without the SDK's request pipeline
 * (endpoint and auth-scheme resolution, interceptors, XML marshalling), which costs several times the request itself
 * on a fast endpoint. Used for the requests of the read path: ranged reads, whole-object reads and listings. The
 * addresses come from the SDK's own endpoint rules ({@link S3Utilities}), so they are those the SDK client would use.
 *
 * <p>Timeouts are the HTTP client's: connecting, and the socket's silence while waiting for the answer or reading
 * its body, as for the SDK's streaming reads.
 *
 * <p>Only for endpoints whose region is known: a bucket reached without a region (the SDK's cross-region mode)
 * goes through the SDK, which follows the region redirects.
 *
 * <p>Thread-safe and stateless between requests; the HTTP client is shared and owned by {@link S3Transport}.
 */
final class SignedRequests {
    /** SHA-256 of an empty body: the payload hash of every request sent here, which have none. */
    static final String EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final int ERROR_BODY_LIMIT = 16 << 10;
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern ERROR_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final S3Utilities addresses;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final ListingXml listingXml = new ListingXml();

    /**
     * @param http           the HTTP client to send over
     * @param credentials    where the signing keys come from, resolved for each request (providers cache them)
     * @param region         the signing region
     * @param endpoint       the custom endpoint, or {@code null} for AWS
     * @param forcePathStyle whether the bucket goes in the path
     */
    SignedRequests(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint,
                   boolean forcePathStyle) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        S3Utilities.Builder utilities = S3Utilities.builder().region(Region.of(region))
                .s3Configuration(S3Configuration.builder().pathStyleAccessEnabled(forcePathStyle).build());
        if (endpoint != null) {
            utilities.endpoint(endpoint);
        }
        this.addresses = utilities.build();
    }

    /** Returns the reader of listing answers. */
    ListingXml listingXml() {
        return listingXml;
    }

    /**
     * Returns where {@code bucket}'s objects and listing are, as the SDK's endpoint rules place them.
     *
     * @throws RuntimeException from the SDK if the bucket cannot be addressed (the caller then uses the SDK)
     */
    BucketAddress address(String bucket) {
        String probe = "k";
        String url = addresses.getUrl(b -> b.bucket(bucket).key(probe)).toString();
        if (!url.endsWith("/" + probe)) {
            throw new IllegalStateException("unexpected object URL for bucket '" + bucket + "': " + url);
        }
        return new BucketAddress(url.substring(0, url.length() - probe.length()));
    }

    /**
     * Sends a signed GET of {@code uri} with {@code query} and, when not {@code null}, a {@code Range} header.
     * Returns the response of a 2xx status; the caller reads or aborts its body.
     *
     * @throws S3ResponseException for a response of another status, with the error code of its body
     * @throws IOException         if the request cannot be sent or its answer read
     * @throws software.amazon.awssdk.core.exception.SdkException if no credentials can be found
     */
    SignedResponse get(URI uri, Map<String, String> query, String range) throws IOException {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(uri)
                .putHeader("x-amz-content-sha256", EMPTY_BODY_SHA256);
        query.forEach(request::putRawQueryParameter);
        if (range != null) {
            request.putHeader("Range", range);
        }
        SdkHttpRequest unsigned = request.build();
        SdkHttpRequest signedRequest = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(unsigned)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)).request();
        HttpExecuteResponse response;
        try {
            ExecutableHttpRequest call = http.prepareRequest(HttpExecuteRequest.builder().request(signedRequest)
                    .build());
            response = call.call();
        } catch (IllegalStateException e) { // the pool was shut down: the transport is closed, for good
            throw new IllegalStateException("the S3 connection is closed (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw new IOException(e.toString(), e);
        }
        int status = response.httpResponse().statusCode();
        Optional<AbortableInputStream> body = response.responseBody();
        if (status / 100 == 2) {
            AbortableInputStream in = body.orElseGet(() -> AbortableInputStream.create(InputStream.nullInputStream()));
            return new SignedResponse(response, in);
        }
        String text = "";
        if (body.isPresent()) {
            try (AbortableInputStream in = body.get()) {
                byte[] bytes = in.readNBytes(ERROR_BODY_LIMIT);
                text = new String(bytes, StandardCharsets.UTF_8);
                if (bytes.length == ERROR_BODY_LIMIT) {
                    in.abort(); // a body this long is not worth reading on to keep the connection
                }
            }
        }
        throw new S3ResponseException(status, group(ERROR_CODE, text), group(ERROR_MESSAGE, text));
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return null;
        }
        return m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&apos;", "'").replace("&amp;", "&");
    }

    /**
     * Where a bucket's objects are: object {@code key} is at {@code objectBase + key} (encoded), and the listing at
     * the same URL without the trailing slash (path style) or at {@code /} (virtual-hosted style).
     *
     * @param objectBase the URL of the bucket's objects, ending with {@code /}
     */
    record BucketAddress(String objectBase) {
        /** Returns the URL of object {@code key}. */
        URI object(String key) {
            return URI.create(objectBase + SdkHttpUtils.urlEncodeIgnoreSlashes(key));
        }

        /** Returns the URL of the bucket's listing. */
        URI listing() {
            URI base = URI.create(objectBase);
            String path = base.getRawPath();
            if (path == null || path.length() <= 1) {
                return base.resolve("/");
            }
            return URI.create(objectBase.substring(0, objectBase.length() - 1));
        }
    }

    /** A 2xx response whose body is read by the caller: closed when done, aborted when left unfinished. */
    record SignedResponse(HttpExecuteResponse response, AbortableInputStream body) {
        /** Returns the first value of a response header, or {@code null}. */
        String header(String name) {
            return response.httpResponse().firstMatchingHeader(name).orElse(null);
        }

        /** Returns the Content-Length header, or {@code null}. */
        Long contentLength() {
            String value = header("Content-Length");
            try {
                return value == null ? null : Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }

        int status() {
            return response.httpResponse().statusCode();
        }
    }

    /** An S3 error response: its HTTP status and, when its body had them, the error code and message. */
    static final class S3ResponseException extends IOException {
        private final int status;
        private final String code;
        private final String detail;

        S3ResponseException(int status, String code, String detail) {
            super("HTTP " + status + (code == null ? "" : " " + code) + (detail == null ? "" : ": " + detail));
            this.status = status;
            this.code = code;
            this.detail = detail;
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }

        String detail() {
            return detail;
        }
    }
}
