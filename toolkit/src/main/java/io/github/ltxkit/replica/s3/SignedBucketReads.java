package io.github.ltxkit.replica.s3;

import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.TransientReplicaException;
import io.github.ltxkit.replica.ReplicaOperation;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import software.amazon.awssdk.http.AbortableInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;

/**
 * The read path's requests to one bucket, sent as {@link SignedRequests}: listings, ranged reads and whole-object
 * reads. Failures are thrown as they come (I/O errors, {@link SignedRequests.S3ResponseException}s for error
 * responses, {@link ReplicaException}s for bodies that are not what was asked for); the caller maps them. Thread-safe.
 */
final class SignedBucketReads {
    private final SignedRequests requests;
    private final SignedRequests.BucketAddress address;

    SignedBucketReads(SignedRequests requests, SignedRequests.BucketAddress address) {
        this.requests = requests;
        this.address = address;
    }

    /**
     * Lists every object under {@code prefix} whose key sorts after {@code startAfter} (none if {@code null}),
     * following continuation tokens.
     */
    List<ListingXml.ListedObject> list(String prefix, String startAfter) throws IOException, ReplicaException {
        List<ListingXml.ListedObject> objects = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("list-type", "2");
            query.put("prefix", prefix);
            if (startAfter != null) {
                query.put("start-after", startAfter);
            }
            if (token != null) {
                query.put("continuation-token", token);
            }
            SignedRequests.SignedResponse response = requests.get(address.listing(), query, null);
            ListingXml.Page page;
            try (InputStream body = response.body()) {
                page = requests.listingXml().parse(body);
            } catch (XMLStreamException e) {
                response.body().abort();
                throw new TransientReplicaException(ReplicaOperation.LIST, prefix, "unreadable listing from the "
                        + "endpoint (" + e.getMessage() + ")", e);
            } catch (IllegalArgumentException e) {
                response.body().abort();
                throw new ReplicaException(ReplicaOperation.LIST, prefix, e.getMessage(), e);
            }
            objects.addAll(page.objects());
            token = page.nextToken();
        } while (token != null);
        return objects;
    }

    /**
     * Reads {@code min(length, size - offset)} bytes of object {@code key} at {@code offset} with one ranged GET;
     * none when the range starts at or after the object's end. {@code length} is positive.
     */
    byte[] read(String key, long offset, int length) throws IOException, ReplicaException {
        long last = offset > Long.MAX_VALUE - length ? Long.MAX_VALUE : offset + length - 1;
        SignedRequests.SignedResponse response;
        try {
            response = requests.get(address.object(key), Map.of(), "bytes=" + offset + "-" + last);
        } catch (SignedRequests.S3ResponseException e) {
            if (e.status() == 416) {
                return new byte[0];
            }
            throw e;
        }
        AbortableInputStream body = response.body();
        boolean complete = false;
        try {
            byte[] bytes = RangeBody.read(body, response.header("Content-Range"), response.contentLength(), offset,
                    length, key);
            complete = response.status() == 206 && body.read() < 0; // at its end: the connection can be reused
            return bytes;
        } finally {
            if (!complete) {
                body.abort();
            }
            body.close();
        }
    }

    /** Opens a stream of the whole of object {@code key}; the caller closes it. */
    InputStream open(String key) throws IOException {
        SignedRequests.SignedResponse response = requests.get(address.object(key), Map.of(), null);
        AbortableInputStream body = response.body();
        return new ObjectStream(body, body::abort, key, response.contentLength());
    }
}
