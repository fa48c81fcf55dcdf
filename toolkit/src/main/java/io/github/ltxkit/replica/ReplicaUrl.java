package io.github.ltxkit.replica;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a replica lives, written as Litestream writes replica URLs: {@code s3://bucket/path?endpoint=...} or
 * {@code file:///absolute/path} (a plain absolute path means the same).
 *
 * <p>S3 URLs follow Litestream's {@code NewReplicaClientFromURL}: the host is the bucket (also
 * {@code bucket.s3.region.amazonaws.com} and MinIO's {@code bucket.host:port}); the query may set {@code endpoint}
 * (without a scheme it gets {@code http://} for local addresses and {@code https://} otherwise), {@code region},
 * {@code force-path-style}/{@code forcePathStyle} (a custom endpoint implies path style unless it is set to false)
 * and {@code skip-verify}/{@code skipVerify}; booleans are {@code true/false/1/0/t/f/yes/no}. Other query
 * parameters (Litestream's upload and encryption settings) are ignored. Credentials in a URL are refused.
 *
 * <p>{@link #toString()} is the canonical URL, which {@link #parse} reads back to an equal value.
 *
 * @param scheme         {@code s3} or {@code file}
 * @param bucket         the bucket, or {@code null} for a directory
 * @param path           the key prefix without leading or trailing slash ({@code ""} for the bucket root), or the
 *                       directory's absolute normalized path
 * @param endpoint       the S3 endpoint, or {@code null} for AWS itself (always {@code null} for a directory)
 * @param region         the S3 region, or {@code null} for the default
 * @param forcePathStyle whether S3 requests address the bucket in the path rather than the host name
 * @param skipVerify     whether TLS certificates of the endpoint go unchecked
 */
public record ReplicaUrl(String scheme, String bucket, String path, URI endpoint, String region,
        boolean forcePathStyle, boolean skipVerify) {
    /** The scheme of S3 replicas. */
    public static final String S3 = "s3";
    /** The scheme of directory replicas. */
    public static final String FILE = "file";

    private static final Pattern AWS_HOST = Pattern.compile("^(.+)\\.s3(?:\\.([^.]+))?\\.amazonaws\\.com$");
    private static final Pattern USERINFO = Pattern.compile("(//)[^/?#]*@");

    /** Checks the fields. */
    public ReplicaUrl {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(path, "path");
        switch (scheme) {
            case S3 -> {
                if (bucket == null || bucket.isBlank() || bucket.contains("/")) {
                    throw new IllegalArgumentException("s3 replica needs a bucket without '/': " + bucket);
                }
                if (path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
                    throw new IllegalArgumentException(
                            "s3 key prefix must not start or end with '/' or contain '//': '" + path + "'");
                }
                if (endpoint != null && (endpoint.getHost() == null
                        || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
                    throw new IllegalArgumentException("s3 endpoint must be an http(s) URL with a host: " + endpoint);
                }
            }
            case FILE -> {
                if (bucket != null || endpoint != null || region != null || forcePathStyle || skipVerify) {
                    throw new IllegalArgumentException("a directory replica has only a path");
                }
                if (!Path.of(path).isAbsolute() || !Path.of(path).normalize().toString().equals(path)) {
                    throw new IllegalArgumentException("directory must be an absolute normalized path: '" + path + "'");
                }
            }
            default -> throw new IllegalArgumentException("scheme must be s3 or file: '" + scheme + "'");
        }
    }

    /** Returns the URL of a directory replica at {@code directory} (made absolute and normalized). */
    public static ReplicaUrl directory(Path directory) {
        return new ReplicaUrl(FILE, null, directory.toAbsolutePath().normalize().toString(), null, null, false,
                false);
    }

    /**
     * Parses a replica URL.
     *
     * @throws IllegalArgumentException naming the URL (credentials redacted) and the problem
     */
    public static ReplicaUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        String trimmed = url.trim();
        if (trimmed.startsWith("/")) {
            return directory(Path.of(trimmed));
        }
        int colon = trimmed.indexOf(':');
        int slash = trimmed.indexOf('/');
        if (colon <= 0 || (slash >= 0 && slash < colon)) {
            throw invalid(url, "relative path or missing scheme (want s3://bucket/path, file:///absolute/path "
                    + "or an absolute path)");
        }
        String afterScheme = trimmed.substring(colon + 1);
        if (trimmed.substring(0, colon).equalsIgnoreCase(S3) && afterScheme.startsWith("//")
                && (afterScheme.length() == 2 || "/?#".indexOf(afterScheme.charAt(2)) >= 0)) {
            throw invalid(url, "no bucket (want s3://bucket/path)");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw invalid(url, "not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case S3 -> parseS3(url, uri);
            case FILE -> parseFile(url, uri);
            default -> throw invalid(url, "unknown scheme '" + uri.getScheme() + "' (want s3 or file)");
        };
    }

    /** Returns whether this is an S3 replica. */
    public boolean isS3() {
        return scheme.equals(S3);
    }

    /** Returns whether this is a directory replica. */
    public boolean isDirectory() {
        return scheme.equals(FILE);
    }

    /**
     * Returns the directory of a directory replica.
     *
     * @throws IllegalStateException for an S3 replica
     */
    public Path directory() {
        if (!isDirectory()) {
            throw new IllegalStateException("not a directory replica: " + this);
        }
        return Path.of(path);
    }

    /** Returns the replica {@code child} below this one: a longer key prefix, or a subdirectory. */
    public ReplicaUrl resolve(String child) {
        String cleanChild = cleanPath(child);
        if (cleanChild.isEmpty()) {
            return this;
        }
        if (isDirectory()) {
            return directory(Path.of(path).resolve(cleanChild));
        }
        String joined = path.isEmpty() ? cleanChild : path + "/" + cleanChild;
        return new ReplicaUrl(scheme, bucket, joined, endpoint, region, forcePathStyle, skipVerify);
    }

    /** Returns the canonical URL, without credentials. */
    @Override
    public String toString() {
        if (isDirectory()) {
            return "file://" + encode(path, true);
        }
        StringBuilder sb = new StringBuilder("s3://").append(bucket);
        if (!path.isEmpty()) {
            sb.append('/').append(encode(path, true));
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (endpoint != null) {
            query.put("endpoint", endpoint.toString());
        }
        if (region != null) {
            query.put("region", region);
        }
        if (forcePathStyle != (endpoint != null)) {
            query.put("force-path-style", Boolean.toString(forcePathStyle));
        }
        if (skipVerify) {
            query.put("skip-verify", "true");
        }
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(encode(e.getValue(), false));
            sep = '&';
        }
        return sb.toString();
    }

    private static ReplicaUrl parseS3(String url, URI uri) {
        if (uri.isOpaque()) {
            throw invalid(url, "no bucket (want s3://bucket/path)");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw invalid(url, "no bucket (want s3://bucket/path)");
        }
        if (authority.contains("@")) {
            throw invalid(url, "credentials in the URL are not supported (use ReplicaOptions credentials or "
                    + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)");
        }
        String bucket = authority;
        String region = null;
        URI endpoint = null;
        boolean forcePathStyle = false;
        Matcher aws = AWS_HOST.matcher(authority);
        if (authority.contains(":") && !authority.contains(".com")) {
            // MinIO style: bucket.host:port, or host:port without a bucket
            int dot = authority.indexOf('.');
            if (dot < 0) {
                throw invalid(url, "no bucket: '" + authority + "' is a host and port (want s3://bucket/path?endpoint="
                        + authority + ")");
            }
            bucket = authority.substring(0, dot);
            endpoint = endpointUri(url, "http://" + authority.substring(dot + 1));
            region = "us-east-1";
            forcePathStyle = true;
        } else if (aws.matches()) {
            bucket = aws.group(1);
            region = aws.group(2);
        }
        Map<String, String> query = parseQuery(url, uri.getRawQuery());
        String endpointParam = query.get("endpoint");
        Boolean pathStyleParam = bool(url, query, "forcePathStyle", "force-path-style");
        if (endpointParam != null && !endpointParam.isEmpty()) {
            endpoint = endpointUri(url, ensureEndpointScheme(endpointParam));
            forcePathStyle = pathStyleParam == null || pathStyleParam;
        }
        String regionParam = query.get("region");
        if (regionParam != null && !regionParam.isEmpty()) {
            region = regionParam;
        }
        if (pathStyleParam != null) {
            forcePathStyle = pathStyleParam;
        }
        Boolean skipVerify = bool(url, query, "skipVerify", "skip-verify");
        try {
            return new ReplicaUrl(S3, bucket, cleanPath(uri.getPath()), endpoint, region, forcePathStyle,
                    skipVerify != null && skipVerify);
        } catch (IllegalArgumentException e) {
            throw invalid(url, e.getMessage());
        }
    }

    private static ReplicaUrl parseFile(String url, URI uri) {
        if (uri.isOpaque()) {
            throw invalid(url, "relative file path (want file:///absolute/path)");
        }
        String authority = uri.getRawAuthority();
        if (authority != null && authority.contains("@")) {
            throw invalid(url, "credentials in the URL are not supported");
        }
        if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
            throw invalid(url, "a file URL must not name a host ('" + authority + "'); want file:///absolute/path");
        }
        String path = uri.getPath();
        if (path == null || path.isEmpty() || !path.startsWith("/")) {
            throw invalid(url, "no absolute path (want file:///absolute/path)");
        }
        return directory(Path.of(path));
    }

    /** Adds {@code http://} to local endpoints and {@code https://} to others, as Litestream does. */
    static String ensureEndpointScheme(String endpoint) {
        if (endpoint.startsWith("http://") || endpoint.startsWith("https://")) {
            return endpoint;
        }
        return (isLocalEndpoint(endpoint) ? "http://" : "https://") + endpoint;
    }

    /** Returns whether an endpoint without scheme is a development address: loopback, private or .local. */
    static boolean isLocalEndpoint(String endpoint) {
        String host = endpoint.toLowerCase(Locale.ROOT);
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        if (host.contains("@")) {
            return false;
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (host.equals("localhost") || host.equals("127.0.0.1") || host.startsWith("192.168.")
                || host.startsWith("10.") || host.endsWith(".local") || host.endsWith(".localhost")) {
            return true;
        }
        if (host.startsWith("172.")) {
            String[] octets = host.split("\\.");
            try {
                int second = Integer.parseInt(octets[1]);
                return second >= 16 && second <= 31;
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    private static URI endpointUri(String url, String endpoint) {
        try {
            URI uri = new URI(endpoint);
            if (uri.getHost() == null) {
                throw invalid(url, "endpoint has no host: '" + redact(endpoint) + "'");
            }
            if (uri.getRawUserInfo() != null) {
                throw invalid(url, "credentials in the endpoint are not supported");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(url, "endpoint is not a URL: '" + redact(endpoint) + "'");
        }
    }

    private static Map<String, String> parseQuery(String url, String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = decode(url, eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : decode(url, part.substring(eq + 1));
            query.putIfAbsent(name, value);
        }
        return query;
    }

    private static Boolean bool(String url, Map<String, String> query, String... names) {
        for (String name : names) {
            String raw = query.get(name);
            if (raw != null && !raw.isEmpty()) {
                return switch (raw.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "t", "yes" -> true;
                    case "false", "0", "f", "no" -> false;
                    default -> throw invalid(url, "bad boolean for " + name + ": '" + raw
                            + "' (want true/false/1/0/t/f/yes/no)");
                };
            }
        }
        return null;
    }

    private static String decode(String url, String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(url, "bad percent-encoding in the query: '" + s + "'");
        }
    }

    /** Cleans a key path as Go's path.Clean does, without leading or trailing slash; "" for the root. */
    static String cleanPath(String p) {
        if (p == null || p.isEmpty()) {
            return "";
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    private static String encode(String s, boolean inPath) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~/:!$'()*,;@".indexOf(c) >= 0 || (inPath && "&=+".indexOf(c) >= 0);
            if (safe) {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Returns the URL with any user information replaced by {@code <redacted>}. */
    static String redact(String url) {
        return USERINFO.matcher(url).replaceAll("$1<redacted>@");
    }

    private static IllegalArgumentException invalid(String url, String problem) {
        return new IllegalArgumentException("invalid replica URL '" + redact(url) + "': " + problem);
    }
}
