package io.github.ltxkit.replica;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A replica held in memory, for tests: files keyed by {@link LtxFileKey}, plus scripted failures of the next calls
 * of an operation (before or, for writes, after applying them). Thread-safe.
 */
class InMemoryReplicaClient implements ReplicaClient {
    record Stored(byte[] bytes, Instant createdAt) {
    }

    private final ConcurrentSkipListMap<LtxFileKey, Stored> files = new ConcurrentSkipListMap<>();
    private final Map<ReplicaOperation, AtomicInteger> calls = new EnumMap<>(ReplicaOperation.class);
    private final Object lock = new Object();
    // Guarded by lock: scripted failures in the order they were added.
    private final List<Rule> rules = new ArrayList<>();
    private volatile boolean closed;

    InMemoryReplicaClient() {
        for (ReplicaOperation op : ReplicaOperation.values()) {
            calls.put(op, new AtomicInteger());
        }
    }

    /** Stores a file directly, replacing any. */
    InMemoryReplicaClient put(LtxFileKey key, byte[] bytes, Instant createdAt) {
        files.put(key, new Stored(bytes.clone(), createdAt));
        return this;
    }

    /** Stores an empty file of {@code [min, max]} at {@code level}. */
    InMemoryReplicaClient put(int level, long min, long max, Instant createdAt) {
        return put(LtxFileKey.of(level, min, max), new byte[0], createdAt);
    }

    Stored stored(LtxFileKey key) {
        return files.get(key);
    }

    /** Makes the next {@code times} calls of {@code op} throw, without applying them. */
    void failNext(ReplicaOperation op, int times, Supplier<? extends ReplicaException> failure) {
        synchronized (lock) {
            rules.add(new Rule(op, times, failure, false));
        }
    }

    /** Makes the next {@code times} writes succeed in storing, then throw as if the response was lost. */
    void failNextWriteAfterApplying(int times, Supplier<? extends ReplicaException> failure) {
        synchronized (lock) {
            rules.add(new Rule(ReplicaOperation.WRITE, times, failure, true));
        }
    }

    int calls(ReplicaOperation op) {
        return calls.get(op).get();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String describe() {
        return "memory://test";
    }

    @Override
    public List<LtxFileInfo> list(int level, long minTxid) throws ReplicaException {
        Rule rule = enter(ReplicaOperation.LIST);
        failBefore(rule);
        List<LtxFileInfo> out = new ArrayList<>();
        files.forEach((key, stored) -> {
            if (key.level() == level && Long.compareUnsigned(key.range().min(), minTxid) >= 0) {
                out.add(new LtxFileInfo(key, stored.bytes.length, stored.createdAt));
            }
        });
        return out;
    }

    @Override
    public byte[] read(LtxFileKey key, long offset, int length) throws ReplicaException {
        Rule rule = enter(ReplicaOperation.READ);
        failBefore(rule);
        Stored stored = existing(ReplicaOperation.READ, key);
        int from = (int) Math.min(offset, stored.bytes.length);
        int to = (int) Math.min(stored.bytes.length, (long) from + length);
        return Arrays.copyOfRange(stored.bytes, from, to);
    }

    @Override
    public InputStream open(LtxFileKey key) throws ReplicaException {
        Rule rule = enter(ReplicaOperation.READ);
        failBefore(rule);
        return new ByteArrayInputStream(existing(ReplicaOperation.READ, key).bytes);
    }

    @Override
    public void createIfAbsent(LtxFileKey key, UploadContent content, Instant createdAt) throws ReplicaException {
        Rule rule = enter(ReplicaOperation.WRITE);
        failBefore(rule);
        byte[] bytes;
        try (InputStream in = content.open()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ReplicaException(ReplicaOperation.WRITE, key.toString(), "cannot read content", e);
        }
        if (files.putIfAbsent(key, new Stored(bytes, createdAt)) != null) {
            throw new ObjectAlreadyExistsException(ReplicaOperation.WRITE, key.toString(), "exists", null);
        }
        if (rule != null && rule.afterApplying) {
            throw rule.failure.get();
        }
    }

    @Override
    public void delete(Collection<LtxFileKey> keys) throws ReplicaException {
        Rule rule = enter(ReplicaOperation.DELETE);
        failBefore(rule);
        keys.forEach(files::remove);
    }

    @Override
    public void close() {
        closed = true;
    }

    private Stored existing(ReplicaOperation op, LtxFileKey key) throws ObjectNotFoundException {
        Stored stored = files.get(key);
        if (stored == null) {
            throw new ObjectNotFoundException(op, key.toString(), "no such file", null);
        }
        return stored;
    }

    private Rule enter(ReplicaOperation op) {
        calls.get(op).incrementAndGet();
        synchronized (lock) {
            for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
                Rule rule = it.next();
                if (rule.op == op) {
                    if (--rule.remaining == 0) {
                        it.remove();
                    }
                    return rule;
                }
            }
        }
        return null;
    }

    private static void failBefore(Rule rule) throws ReplicaException {
        if (rule != null && !rule.afterApplying) {
            throw rule.failure.get();
        }
    }

    private static final class Rule {
        final ReplicaOperation op;
        final Supplier<? extends ReplicaException> failure;
        final boolean afterApplying;
        int remaining; // guarded by the client's lock

        Rule(ReplicaOperation op, int remaining, Supplier<? extends ReplicaException> failure, boolean afterApplying) {
            this.op = op;
            this.remaining = remaining;
            this.failure = failure;
            this.afterApplying = afterApplying;
        }
    }
}
