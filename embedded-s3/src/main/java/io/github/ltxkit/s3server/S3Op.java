package io.github.ltxkit.s3server;

/**
 * The kind of an S3 request as the embedded server's front end classifies it (path-style requests only), used to
 * aim {@linkplain ServerFaults faults} and to count requests.
 */
public enum S3Op {
    /** {@code GET /bucket?list-type=2...}: listing objects; its path is {@code bucket/<prefix parameter>}. */
    LIST_OBJECTS,
    /** {@code GET /bucket/key}: reading an object or a range of it. */
    GET_OBJECT,
    /** {@code HEAD /bucket/key}: reading an object's metadata. */
    HEAD_OBJECT,
    /** {@code PUT /bucket/key}: writing an object (also a part upload or a server-side copy). */
    PUT_OBJECT,
    /** {@code DELETE /bucket/key}: deleting one object. */
    DELETE_OBJECT,
    /** {@code POST /bucket?delete}: deleting a batch of objects; its path is {@code bucket/}. */
    DELETE_OBJECTS,
    /** Anything else: bucket and service requests, multipart bookkeeping. */
    OTHER;

    /**
     * Classifies a request from its method and its decoded path-style location.
     *
     * @param method  the HTTP method
     * @param bucket  the bucket, or the empty string for service requests
     * @param key     the object key, or the empty string for bucket requests
     * @param query   the raw query string, or the empty string
     */
    static S3Op classify(String method, String bucket, String key, String query) {
        if (bucket.isEmpty()) {
            return OTHER;
        }
        if (key.isEmpty()) {
            if (method.equals("GET") && !hasBucketSubresource(query)) {
                return LIST_OBJECTS;
            }
            if (method.equals("POST") && hasParameter(query, "delete")) {
                return DELETE_OBJECTS;
            }
            return OTHER;
        }
        return switch (method) {
            case "GET" -> GET_OBJECT;
            case "HEAD" -> HEAD_OBJECT;
            case "PUT" -> PUT_OBJECT;
            case "DELETE" -> DELETE_OBJECT;
            default -> OTHER;
        };
    }

    private static boolean hasBucketSubresource(String query) {
        for (String name : new String[] {"location", "versioning", "acl", "uploads", "versions", "policy", "cors",
                "lifecycle", "encryption", "tagging", "website", "logging", "notification", "replication"}) {
            if (hasParameter(query, name)) {
                return true;
            }
        }
        return false;
    }

    static boolean hasParameter(String query, String name) {
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            if ((eq < 0 ? part : part.substring(0, eq)).equals(name)) {
                return true;
            }
        }
        return false;
    }
}
