package io.github.ltxkit.s3server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A store wrapper that makes every write of one key linearizable, conditional PUTs included.
 *
 * <p>S3Proxy evaluates {@code If-None-Match: *} atomically in its in-memory store, but emulates {@code If-Match} as
 * a metadata read followed by an unconditional write, so two writers holding the same ETag can both win. Here every
 * PUT, copy and delete of a key runs under that key's lock, and a conditional PUT re-checks its condition against
 * the stored metadata inside the lock. A PUT that loses has its body drained before the 412 (or 404) is thrown, so
 * the client's connection stays usable.
 *
 * <p>It can also strip {@code If-None-Match} from PUTs to chosen buckets, to imitate services that ignore it.
 *
 * <p>Thread-safe. Keys share a fixed set of lock stripes, so writes of unrelated keys may occasionally wait on each
 * other; a lock is held while the request body streams in.
 */
final class ConditionalWriteStore extends ForwardingBlobStore {
    private static final int STRIPES = 64;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final Predicate<String> ignoresConditionalWrites;

    /**
     * @param delegate                 the store that holds the objects
     * @param ignoresConditionalWrites says for a bucket whether If-None-Match on its PUTs is to be dropped
     */
    ConditionalWriteStore(BlobStore delegate, Predicate<String> ignoresConditionalWrites) {
        super(delegate);
        this.ignoresConditionalWrites = ignoresConditionalWrites;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
        PutObjectRequest effective = request;
        if (request.ifNoneMatch() != null && ignoresConditionalWrites.test(request.bucket())) {
            effective = request.toBuilder().ifNoneMatch(null).build();
        }
        ReentrantLock lock = stripe(request.bucket(), request.key());
        lock.lock();
        try {
            if (effective.ifMatch() != null || effective.ifNoneMatch() != null) {
                checkCondition(effective, payload);
            }
            return delegate().putBlob(effective, payload);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        ReentrantLock lock = stripe(request.destinationBucket(), request.destinationKey());
        lock.lock();
        try {
            return delegate().copyBlob(request);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        ReentrantLock lock = stripe(request.bucket(), request.key());
        lock.lock();
        try {
            return delegate().removeBlob(request);
        } finally {
            lock.unlock();
        }
    }

    /** Throws the S3 error a failed condition earns, after draining the body; returns if the condition holds. */
    private void checkCondition(PutObjectRequest request, InputStream payload) {
        HeadObjectResponse current = delegate().blobMetadataIfPresent(request.bucket(), request.key());
        String ifMatch = request.ifMatch();
        if (ifMatch != null) {
            if (current == null) {
                drain(payload);
                throw S3Exceptions.noSuchKey(request.bucket(), request.key(), "If-Match on a missing object");
            }
            if (!ifMatch.equals("*") && !sameETag(ifMatch, current.eTag())) {
                drain(payload);
                throw S3Exceptions.preconditionFailed(null);
            }
        }
        String ifNoneMatch = request.ifNoneMatch();
        if (ifNoneMatch != null && current != null
                && (ifNoneMatch.equals("*") || sameETag(ifNoneMatch, current.eTag()))) {
            drain(payload);
            throw S3Exceptions.preconditionFailed(null);
        }
    }

    private ReentrantLock stripe(String bucket, String key) {
        int h = (bucket + '/' + key).hashCode();
        return stripes[Math.floorMod(h ^ (h >>> 16), STRIPES)];
    }

    private static boolean sameETag(String condition, String eTag) {
        return eTag != null && unquote(condition).equals(unquote(eTag));
    }

    private static String unquote(String eTag) {
        String t = eTag.trim();
        if (t.startsWith("W/")) {
            t = t.substring(2);
        }
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static void drain(InputStream payload) {
        try (payload) {
            payload.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("draining the body of a refused conditional write", e);
        }
    }
}
