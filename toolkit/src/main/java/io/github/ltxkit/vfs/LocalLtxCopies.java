package io.github.ltxkit.vfs;

import io.github.ltxkit.replica.ReplicaClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Local copies of whole LTX files, made for scans: once a connection reads a large file in sequence, the file is
 * fetched in large ranges ({@value #CHUNK_BYTES} bytes, {@value #PARALLEL_CHUNKS} at a time, starting where the
 * scan reads and going its way) into a sparse temporary file, and later misses on that file read their frame from
 * disk instead of asking the replica. LTX files never change once written, so a local copy is the remote file's
 * bytes, whatever state reads it. A range that fails or arrives short is left out: its frames are fetched from the
 * replica as before. A copy starts only while the disk keeps room for it; all copies are deleted on close.
 *
 * <p>Thread-safe: the map of copies is concurrent, each copy's ranges are guarded by that copy's monitor, and the
 * file is read and written with positional I/O only.
 */
final class LocalLtxCopies implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalLtxCopies.class.getName());
    /** The size of one ranged read of a copy. */
    static final int CHUNK_BYTES = 8 << 20;
    /** Ranged reads of one copy in flight at once. */
    static final int PARALLEL_CHUNKS = 4;
    /** Files smaller than this are not copied: a few read-ahead windows fetch them as fast. */
    static final long MIN_FILE_BYTES = 1 << 20;
    /** A copy stops asking for more ranges after this many failed ones. */
    private static final int MAX_FAILURES = 3;
    /** Disk space a copy must leave free on top of its own size. */
    private static final long DISK_MARGIN = 256L << 20;
    private static final long CHUNK_WAIT_SECONDS = 60;

    private final ReplicaClient client;
    private final Executor fetchPool;
    private final Path dir;
    private final Map<RemoteFile, Copy> copies = new ConcurrentHashMap<>();
    /** Files refused a copy for want of disk space or a usable directory: not asked about again. */
    private final java.util.Set<RemoteFile> refused = ConcurrentHashMap.newKeySet();
    /** Set once by {@link #close()}; no copy starts after it. */
    private volatile boolean closed;

    LocalLtxCopies(ReplicaClient client, Executor fetchPool, Path dir) {
        this.client = client;
        this.fetchPool = fetchPool;
        this.dir = dir;
    }

    /** Returns whether {@code file} is being copied or has been copied. */
    boolean copying(RemoteFile file) {
        return copies.containsKey(file);
    }

    /**
     * Starts copying {@code file} whole unless a copy exists: first the range holding {@code offset}, then the
     * following ranges (the preceding ones when {@code down}), then the others.
     */
    void copyWhole(RemoteFile file, long offset, boolean down) {
        if (closed || file.size() < MIN_FILE_BYTES || copies.containsKey(file) || refused.contains(file)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            if (Files.getFileStore(dir).getUsableSpace() < file.size() + DISK_MARGIN) {
                refused.add(file);
                LOG.log(System.Logger.Level.DEBUG, "no local copy of " + file + ": not enough disk space in " + dir);
                return;
            }
        } catch (IOException e) {
            refused.add(file);
            LOG.log(System.Logger.Level.DEBUG, "no local copy of " + file + ": " + e.getMessage());
            return;
        }
        Copy copy = copies.computeIfAbsent(file, f -> new Copy(f, order(f, offset, down)));
        copy.schedule();
    }

    /**
     * Returns the bytes {@code [offset, offset + length)} of {@code file} if its copy holds them, waiting for ranges
     * of them already on their way; returns null when they must come from the replica.
     */
    byte[] read(RemoteFile file, long offset, int length) {
        Copy copy = copies.get(file);
        if (copy == null) {
            return null;
        }
        for (int c = (int) (offset / CHUNK_BYTES); c <= (int) ((offset + length - 1) / CHUNK_BYTES); c++) {
            if (!copy.await(c)) {
                return null;
            }
        }
        byte[] bytes = new byte[length];
        return copy.read(offset, length, bytes) ? bytes : null;
    }

    /** Forgets the ranges of {@code file} holding bytes {@code [start, end)}: a frame read from them did not decode. */
    void discard(RemoteFile file, long start, long end) {
        Copy copy = copies.get(file);
        if (copy != null) {
            for (int c = (int) (start / CHUNK_BYTES); c <= (int) ((end - 1) / CHUNK_BYTES); c++) {
                copy.discard(c);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Copy copy : copies.values()) {
            copy.close();
        }
        copies.clear();
    }

    private static int[] order(RemoteFile file, long offset, boolean down) {
        int n = (int) ((file.size() + CHUNK_BYTES - 1) / CHUNK_BYTES);
        int first = (int) Math.min(n - 1, Math.max(0, offset / CHUNK_BYTES));
        int[] order = new int[n];
        int k = 0;
        order[k++] = first;
        for (int c = down ? first - 1 : first + 1; c >= 0 && c < n; c += down ? -1 : 1) {
            order[k++] = c;
        }
        for (int c = down ? first + 1 : first - 1; c >= 0 && c < n; c += down ? 1 : -1) {
            order[k++] = c;
        }
        return order;
    }

    /** One file's copy: its ranges (null: not asked for; done true: on disk; done false: failed). */
    private final class Copy {
        private final RemoteFile file;
        private final int[] order;
        /** Guarded by {@code this}. */
        private final CompletableFuture<Boolean>[] chunks;
        /** Guarded by {@code this}: the next index of {@code order} to ask for, ranges in flight, failures. */
        private int next;
        private int inFlight;
        private int failures;
        /** Guarded by {@code this}; null until the first range arrives or after close. */
        private FileChannel channel;
        private Path path;
        private boolean closedCopy;

        @SuppressWarnings("unchecked")
        Copy(RemoteFile file, int[] order) {
            this.file = file;
            this.order = order;
            this.chunks = new CompletableFuture[order.length];
        }

        /** Asks for more ranges while fewer than {@link #PARALLEL_CHUNKS} are in flight. */
        void schedule() {
            while (true) {
                int chunk;
                CompletableFuture<Boolean> done = new CompletableFuture<>();
                synchronized (this) {
                    if (closedCopy || inFlight >= PARALLEL_CHUNKS || next >= order.length || failures >= MAX_FAILURES) {
                        return;
                    }
                    chunk = order[next++];
                    if (chunks[chunk] != null) {
                        continue;
                    }
                    chunks[chunk] = done;
                    inFlight++;
                }
                try {
                    fetchPool.execute(() -> fetch(chunk, done));
                } catch (RejectedExecutionException e) {
                    finish(chunk, done, false);
                    return;
                }
            }
        }

        private void fetch(int chunk, CompletableFuture<Boolean> done) {
            long start = (long) chunk * CHUNK_BYTES;
            int length = (int) Math.min(CHUNK_BYTES, file.size() - start);
            boolean stored = false;
            try {
                byte[] bytes = client.read(file.key(), start, length);
                if (bytes.length == length) {
                    write(start, bytes);
                    stored = true;
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "local copy of " + file + ": range at " + start + " came "
                            + bytes.length + " of " + length + " bytes; its pages are read from the replica");
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "local copy of " + file + ": range at " + start + " failed: "
                        + e.getMessage());
            } finally {
                finish(chunk, done, stored); // whatever happened, readers waiting for this range go on
            }
            schedule();
        }

        private void finish(int chunk, CompletableFuture<Boolean> done, boolean stored) {
            synchronized (this) {
                inFlight--;
                if (!stored) {
                    failures++;
                }
            }
            done.complete(stored);
        }

        private void write(long start, byte[] bytes) throws IOException {
            FileChannel ch;
            synchronized (this) {
                if (closedCopy) {
                    throw new IOException("closed");
                }
                if (channel == null) {
                    path = Files.createTempFile(dir, "scan-", ".ltx");
                    channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
                }
                ch = channel;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long pos = start;
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
        }

        /** Waits for range {@code chunk}; returns whether it is on disk. */
        boolean await(int chunk) {
            CompletableFuture<Boolean> done;
            synchronized (this) {
                done = chunks[chunk];
            }
            if (done == null) {
                return false;
            }
            try {
                return done.get(CHUNK_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
        }

        boolean read(long offset, int size, byte[] dst) {
            FileChannel ch;
            synchronized (this) {
                ch = channel;
            }
            if (ch == null) {
                return false;
            }
            ByteBuffer b = ByteBuffer.wrap(dst, 0, size);
            try {
                long pos = offset;
                while (b.hasRemaining()) {
                    int n = ch.read(b, pos);
                    if (n < 0) {
                        return false;
                    }
                    pos += n;
                }
                return true;
            } catch (IOException e) {
                return false; // closed meanwhile, or a disk error: the replica answers instead
            }
        }

        synchronized void discard(int chunk) {
            if (chunks[chunk] != null && chunks[chunk].isDone()) {
                chunks[chunk] = CompletableFuture.completedFuture(false);
            }
        }

        synchronized void close() {
            closedCopy = true;
            if (channel != null) {
                try {
                    channel.close();
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "cannot delete " + path + ": " + e.getMessage());
                }
                channel = null;
            }
        }
    }
}
