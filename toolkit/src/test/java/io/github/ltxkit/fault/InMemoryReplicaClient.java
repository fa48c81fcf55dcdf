package io.github.ltxkit.fault;

import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ObjectAlreadyExistsException;
import io.github.ltxkit.replica.ObjectNotFoundException;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.replica.UploadContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A replica held in memory, for tests: files keyed by level and TXID range, conditional creates that are atomic,
 * listings in TXID order.
 *
 * <p>Thread-safe: the files live in a concurrent map, and a create is one {@code putIfAbsent}.
 */
final class InMemoryReplicaClient implements ReplicaClient {
    private record Stored(byte[] bytes, Instant createdAt) {
    }

    /** Thread-safe map; ordered by level, then TXID range. */
    private final ConcurrentSkipListMap<LtxFileKey, Stored> files = new ConcurrentSkipListMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Stores {@code bytes} under {@code key} directly, replacing any file there. */
    void put(LtxFileKey key, byte[] bytes) {
        files.put(key, new Stored(bytes.clone(), Instant.EPOCH));
    }

    /** Returns the bytes stored under {@code key}, if any. */
    Optional<byte[]> bytes(LtxFileKey key) {
        return Optional.ofNullable(files.get(key)).map(s -> s.bytes().clone());
    }

    boolean contains(LtxFileKey key) {
        return files.containsKey(key);
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public String describe() {
        return "memory://test";
    }

    @Override
    public List<LtxFileInfo> list(int level, long minTxid) {
        return files.entrySet().stream()
                .filter(e -> e.getKey().level() == level)
                .filter(e -> Long.compareUnsigned(e.getKey().range().min(), minTxid) >= 0)
                .map(e -> new LtxFileInfo(e.getKey(), e.getValue().bytes().length, e.getValue().createdAt()))
                .toList();
    }

    @Override
    public byte[] read(LtxFileKey key, long offset, int length) throws ReplicaException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: offset=" + offset
                    + " length=" + length);
        }
        byte[] bytes = stored(key, ReplicaOperation.READ).bytes();
        if (offset > bytes.length) {
            throw new ReplicaException(ReplicaOperation.READ, key.toString(),
                    "offset " + offset + " is past the end of the file (" + bytes.length + " bytes)", null);
        }
        int end = (int) Math.min(bytes.length, offset + length);
        return Arrays.copyOfRange(bytes, (int) offset, end);
    }

    @Override
    public InputStream open(LtxFileKey key) throws ReplicaException {
        return new ByteArrayInputStream(stored(key, ReplicaOperation.READ).bytes());
    }

    @Override
    public void createIfAbsent(LtxFileKey key, UploadContent content, Instant createdAt) throws ReplicaException {
        byte[] bytes;
        try (InputStream in = content.open()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ReplicaException(ReplicaOperation.WRITE, key.toString(), "cannot read content", e);
        }
        if (files.putIfAbsent(key, new Stored(bytes, createdAt)) != null) {
            throw new ObjectAlreadyExistsException(ReplicaOperation.WRITE, key.toString(), "412 PreconditionFailed",
                    null);
        }
    }

    @Override
    public void delete(Collection<LtxFileKey> keys) {
        keys.forEach(files::remove);
    }

    @Override
    public void close() {
        closed.set(true);
    }

    private Stored stored(LtxFileKey key, ReplicaOperation operation) throws ObjectNotFoundException {
        Stored s = files.get(key);
        if (s == null) {
            throw new ObjectNotFoundException(operation, key.toString(), "404 NoSuchKey", null);
        }
        return s;
    }
}
