package io.github.ltxkit.fault;

import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.replica.TransientReplicaException;
import io.github.ltxkit.replica.UploadContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ReplicaClient} that passes every request to another one through a {@link StorageFaults} controller:
 * the controller numbers and journals the request and decides its faults, and this class carries them out.
 *
 * <p>Thread-safe if the delegate is: it keeps no state of its own.
 */
final class FaultInjectingReplicaClient implements ReplicaClient {
    private final ReplicaClient delegate;
    private final StorageFaults faults;

    FaultInjectingReplicaClient(ReplicaClient delegate, StorageFaults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    /** Returns the delegate's description: the replica is the same, only the path to it is faulty. */
    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public List<LtxFileInfo> list(int level, long minTxid) throws ReplicaException {
        ActiveRequest call = faults.begin(Request.list(level, minTxid));
        try {
            call.beforeStorage();
            List<LtxFileInfo> files = call.plan().hideNewest(delegate.list(level, minTxid));
            call.succeeded();
            return files;
        } catch (Throwable t) {
            call.failed(t);
            throw t;
        }
    }

    /** Lists every level as one LIST request (level {@code *}); a stale listing hides the newest files of each level. */
    @Override
    public List<LtxFileInfo> listAllLevels() throws ReplicaException {
        ActiveRequest call = faults.begin(Request.listAllLevels());
        try {
            call.beforeStorage();
            List<LtxFileInfo> all = delegate.listAllLevels();
            List<LtxFileInfo> files = new java.util.ArrayList<>();
            for (int level = 0; level <= LtxFileKey.MAX_LEVEL; level++) {
                int l = level;
                files.addAll(call.plan().hideNewest(all.stream().filter(f -> f.level() == l).toList()));
            }
            call.succeeded();
            return files;
        } catch (Throwable t) {
            call.failed(t);
            throw t;
        }
    }

    /** Reads a byte range; a negative offset or length is rejected before it is journaled. */
    @Override
    public byte[] read(LtxFileKey key, long offset, int length) throws ReplicaException {
        Objects.requireNonNull(key, "key");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: " + KeyGlob.path(key)
                    + " offset=" + offset + " length=" + length);
        }
        ActiveRequest call = faults.begin(Request.read(key, offset, length));
        try {
            call.beforeStorage();
            byte[] bytes = call.plan().truncate(delegate.read(key, offset, length));
            call.throttle(bytes.length);
            call.transferred(bytes.length);
            call.succeeded();
            return bytes;
        } catch (Throwable t) {
            call.failed(t);
            throw t;
        }
    }

    /** Opens the file; the request stays in flight, counting bytes, until the stream ends, fails or is closed. */
    @Override
    public InputStream open(LtxFileKey key) throws ReplicaException {
        Objects.requireNonNull(key, "key");
        ActiveRequest call = faults.begin(Request.open(key));
        InputStream in = null;
        try {
            call.beforeStorage();
            in = delegate.open(key);
            InputStream body = in;
            if (call.plan().truncates()) {
                body = truncated(key, in, call);
            }
            if (call.plan().bytesPerSecond() > 0) {
                body = new ThrottledInputStream(body, call.plan().bytesPerSecond());
            }
            return new JournaledInputStream(body, call);
        } catch (Throwable t) {
            closeQuietly(in, t);
            call.failed(t);
            throw t;
        }
    }

    @Override
    public void createIfAbsent(LtxFileKey key, UploadContent content, Instant createdAt) throws ReplicaException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(content, "content");
        ActiveRequest call = faults.begin(Request.createIfAbsent(key, content.length()));
        try {
            call.beforeStorage();
            call.throttle(content.length());
            try {
                delegate.createIfAbsent(key, content, createdAt);
            } catch (ReplicaException e) {
                throw call.plan().ambiguous() ? call.lostResponse(e) : e;
            }
            call.transferred(content.length());
            if (call.plan().ambiguous()) {
                throw call.lostResponse(null);
            }
            call.succeeded();
        } catch (Throwable t) {
            call.failed(t);
            throw t;
        }
    }

    @Override
    public void delete(Collection<LtxFileKey> keys) throws ReplicaException {
        Objects.requireNonNull(keys, "keys");
        Request request = Request.delete(keys);
        ActiveRequest call = faults.begin(request);
        try {
            call.beforeStorage();
            try {
                delegate.delete(request.keys());
            } catch (ReplicaException e) {
                throw call.plan().ambiguous() ? call.lostResponse(e) : e;
            }
            if (call.plan().ambiguous()) {
                throw call.lostResponse(null);
            }
            call.succeeded();
        } catch (Throwable t) {
            call.failed(t);
            throw t;
        }
    }

    /** Closes the delegate. */
    @Override
    public void close() {
        delegate.close();
    }

    /**
     * Returns the stream cut after the planned fraction of the object. The object's size comes from listing its
     * level on the delegate (one extra request there, not journaled here); if the listing lacks the file, the
     * body is read into memory to measure it.
     */
    private InputStream truncated(LtxFileKey key, InputStream in, ActiveRequest call) throws ReplicaException {
        for (LtxFileInfo info : delegate.list(key.level(), key.range().min())) {
            if (info.key().equals(key)) {
                return new TruncatedInputStream(in, call.plan().keptLength(info.size()));
            }
        }
        byte[] body;
        try (in) {
            body = in.readAllBytes();
        } catch (ReplicaException e) {
            throw e;
        } catch (IOException e) {
            throw new TransientReplicaException(ReplicaOperation.READ, call.target(),
                    "reading the body failed: " + e.getMessage(), e);
        }
        return new ByteArrayInputStream(body, 0, (int) call.plan().keptLength(body.length));
    }

    private static void closeQuietly(InputStream in, Throwable failure) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
