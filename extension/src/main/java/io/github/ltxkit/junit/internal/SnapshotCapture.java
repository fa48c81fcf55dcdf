package io.github.ltxkit.junit.internal;

import io.github.ltxkit.replica.LtxFileInfo;
import io.github.ltxkit.replica.LtxFileKey;
import io.github.ltxkit.replica.ObjectNotFoundException;
import io.github.ltxkit.replica.ReplicaClient;
import io.github.ltxkit.replica.ReplicaException;
import io.github.ltxkit.replica.ReplicaOperation;
import io.github.ltxkit.replica.UploadContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-memory replica that {@link io.github.ltxkit.seed.Seeder} writes a fixture into, so that the fixture's LTX
 * files can be cached and copied into many replicas. Confined to the thread building one fixture.
 */
final class SnapshotCapture implements ReplicaClient {
    private final Map<LtxFileKey, Snapshot.File> files = new TreeMap<>();

    /** Returns what was written. */
    Snapshot snapshot() {
        return new Snapshot(new ArrayList<>(files.values()));
    }

    @Override
    public String describe() {
        return "fixture snapshot (in memory)";
    }

    @Override
    public List<LtxFileInfo> list(int level, long minTxid) {
        List<LtxFileInfo> out = new ArrayList<>();
        for (Snapshot.File f : files.values()) {
            if (f.key().level() == level && Long.compareUnsigned(f.key().range().min(), minTxid) >= 0) {
                out.add(new LtxFileInfo(f.key(), f.bytes().length, f.createdAt()));
            }
        }
        return out;
    }

    @Override
    public byte[] read(LtxFileKey key, long offset, int length) throws ReplicaException {
        byte[] bytes = get(key).bytes();
        int from = (int) Math.min(offset, bytes.length);
        return java.util.Arrays.copyOfRange(bytes, from, (int) Math.min(bytes.length, (long) from + length));
    }

    @Override
    public InputStream open(LtxFileKey key) throws ReplicaException {
        return new ByteArrayInputStream(get(key).bytes());
    }

    @Override
    public void createIfAbsent(LtxFileKey key, UploadContent content, Instant createdAt) throws ReplicaException {
        if (files.containsKey(key)) {
            throw new ReplicaException(ReplicaOperation.WRITE, key.toString(), "the fixture has this file twice", null);
        }
        try (InputStream in = content.open()) {
            files.put(key, new Snapshot.File(key, in.readAllBytes(), createdAt));
        } catch (IOException e) {
            throw new ReplicaException(ReplicaOperation.WRITE, key.toString(), "cannot read the fixture file: " + e,
                    e);
        } catch (UncheckedIOException e) {
            throw new ReplicaException(ReplicaOperation.WRITE, key.toString(), "cannot read the fixture file: "
                    + e.getCause(), e.getCause());
        }
    }

    @Override
    public void delete(Collection<LtxFileKey> keys) {
        keys.forEach(files::remove);
    }

    @Override
    public void close() {
        // nothing to release
    }

    private Snapshot.File get(LtxFileKey key) throws ObjectNotFoundException {
        Snapshot.File f = files.get(key);
        if (f == null) {
            throw new ObjectNotFoundException(ReplicaOperation.READ, key.toString(), "no such file in the fixture",
                    null);
        }
        return f;
    }
}
