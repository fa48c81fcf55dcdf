package io.github.ltxkit.vfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The local write buffer: an append-only journal of committed-but-unsynced transactions, replayed after a crash.
 *
 * <p>A 64-byte header (magic, version, page size, replica identity, base TXID) is followed by records, each
 * {@code type u8 | length u32 | payload | crc32c u32}: PAGE {@code (seq, pgno, bytes)}, COMMIT
 * {@code (seq, commit, pageSize, timestamp)}, UPLOAD {@code (txid, upToSeq, size, fileChecksum)} written before an
 * upload starts, and
 * SYNCED {@code (txid, upToSeq)} after it succeeded. Pages of a sequence number count only once its COMMIT is
 * there; replay stops at the first record that is incomplete or fails its checksum (a torn tail) and cuts it off.
 *
 * <p>Thread-safe: appends and resets are serialized by {@code this}; page reads use positional reads and may run
 * concurrently with appends.
 */
final class WriteBuffer implements AutoCloseable {
    static final int HEADER_SIZE = 64;
    private static final byte[] MAGIC = "LTXKWBUF".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    static final int PAGE = 1;
    static final int COMMIT = 2;
    static final int UPLOAD = 3;
    static final int SYNCED = 4;
    private static final int RECORD_OVERHEAD = 1 + 4 + 4;

    private final Path path;
    private final FileChannel channel;
    private final long replicaIdentity;
    /** Guarded by {@code this}: the offset where the next record goes. */
    private long end;

    private WriteBuffer(Path path, FileChannel channel, long replicaIdentity, long end) {
        this.path = path;
        this.channel = channel;
        this.replicaIdentity = replicaIdentity;
        this.end = end;
    }

    /** A page of a committed transaction found by replay. */
    record PageVersion(long dataOffset, long seq) {
    }

    /**
     * What the buffer held when it was opened.
     *
     * @param baseTxid      the replica TXID the pending data builds on (after the last SYNCED record)
     * @param pending       committed pages not yet synced: pgno to the latest committed version
     * @param commit        database size in pages after the last committed transaction (0 if none)
     * @param pageSize      page size of the committed data (0 if none)
     * @param lastSeq       the highest sequence number seen, committed or not
     * @param uploadTxid    TXID of an upload started but not confirmed (the ambiguous case), or 0
     * @param uploadUpToSeq the last sequence number that upload covered
     * @param uploadSize    the length of the file that upload sent
     * @param uploadChecksum the LTX file checksum of the file that upload sent
     * @param tornBytes     bytes cut off the end (an incomplete transaction or a torn record)
     */
    record Replay(long baseTxid, Map<Long, PageVersion> pending, long commit, int pageSize, long lastSeq,
                  long uploadTxid, long uploadUpToSeq, long uploadSize, long uploadChecksum, long tornBytes) {
        boolean hasPending() {
            return !pending.isEmpty();
        }
    }

    /** Creates an empty buffer at {@code path}, replacing any file there. */
    static WriteBuffer create(Path path, long replicaIdentity, long baseTxid, int pageSize) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        WriteBuffer b = new WriteBuffer(path, ch, replicaIdentity, HEADER_SIZE);
        b.writeHeader(baseTxid, pageSize);
        return b;
    }

    /**
     * Opens an existing buffer and replays it. A file that is not a buffer, or belongs to another replica, is moved
     * aside (never deleted) and an empty buffer is created; {@code replay[0]} then reports nothing pending.
     */
    static WriteBuffer open(Path path, long replicaIdentity, Replay[] replay) throws IOException {
        if (!Files.exists(path) || Files.size(path) == 0) {
            replay[0] = new Replay(0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0);
            return create(path, replicaIdentity, 0, 0);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE);
        readFully(ch, h, 0);
        h.flip();
        String problem = headerProblem(h, replicaIdentity);
        if (problem != null) {
            ch.close();
            Path aside = path.resolveSibling(path.getFileName() + ".unusable-" + System.currentTimeMillis());
            Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
            System.getLogger(WriteBuffer.class.getName()).log(System.Logger.Level.WARNING,
                    "write buffer " + path + " " + problem + "; moved to " + aside + " and starting empty");
            replay[0] = new Replay(0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0);
            return create(path, replicaIdentity, 0, 0);
        }
        long baseTxid = h.getLong(24);
        int headerPageSize = h.getInt(12);
        WriteBuffer b = new WriteBuffer(path, ch, replicaIdentity, HEADER_SIZE);
        replay[0] = b.replay(baseTxid, headerPageSize);
        return b;
    }

    private static String headerProblem(ByteBuffer h, long replicaIdentity) {
        if (h.limit() < HEADER_SIZE) {
            return "has a truncated header";
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (h.get(i) != MAGIC[i]) {
                return "is not an ltxkit write buffer";
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, HEADER_SIZE - 4);
        if ((int) crc.getValue() != h.getInt(HEADER_SIZE - 4)) {
            return "has a corrupt header";
        }
        if (h.getInt(8) != VERSION) {
            return "has unsupported version " + h.getInt(8);
        }
        if (h.getLong(16) != replicaIdentity) {
            return "belongs to another replica";
        }
        return null;
    }

    private Replay replay(long baseTxid, int pageSize) throws IOException {
        Map<Long, Map<Long, Long>> uncommitted = new HashMap<>();
        Map<Long, PageVersion> committed = new HashMap<>();
        long commit = 0;
        long lastSeq = 0;
        long syncedUpTo = 0;
        long uploadTxid = 0;
        long uploadUpTo = 0;
        long uploadSize = 0;
        long uploadChecksum = 0;
        long size = channel.size();
        long pos = HEADER_SIZE;
        ByteBuffer head = ByteBuffer.allocate(5);
        while (pos + RECORD_OVERHEAD <= size) {
            head.clear();
            readFully(channel, head, pos);
            int type = head.get(0);
            int length = head.getInt(1);
            if (type < PAGE || type > SYNCED || length < 0 || pos + RECORD_OVERHEAD + length > size
                    || length > (1 << 17)) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(length + 4);
            readFully(channel, body, pos + 5);
            CRC32C crc = new CRC32C();
            crc.update(head.array(), 0, 5);
            crc.update(body.array(), 0, length);
            if ((int) crc.getValue() != body.getInt(length)) {
                break;
            }
            switch (type) {
                case PAGE -> {
                    long seq = body.getLong(0);
                    long pgno = Integer.toUnsignedLong(body.getInt(8));
                    uncommitted.computeIfAbsent(seq, s -> new HashMap<>()).put(pgno, pos + 5 + 12);
                    lastSeq = Math.max(lastSeq, seq);
                }
                case COMMIT -> {
                    long seq = body.getLong(0);
                    commit = Integer.toUnsignedLong(body.getInt(8));
                    pageSize = body.getInt(12);
                    Map<Long, Long> pages = uncommitted.remove(seq);
                    if (pages != null) {
                        for (Map.Entry<Long, Long> e : pages.entrySet()) {
                            committed.put(e.getKey(), new PageVersion(e.getValue(), seq));
                        }
                    }
                    final long c = commit;
                    committed.keySet().removeIf(p -> p > c);
                    lastSeq = Math.max(lastSeq, seq);
                }
                case UPLOAD -> {
                    uploadTxid = body.getLong(0);
                    uploadUpTo = body.getLong(8);
                    uploadSize = length >= 32 ? body.getLong(16) : 0;
                    uploadChecksum = length >= 32 ? body.getLong(24) : 0;
                }
                default -> {
                    long txid = body.getLong(0);
                    long upTo = body.getLong(8);
                    baseTxid = txid;
                    syncedUpTo = upTo;
                    if (uploadTxid == txid) {
                        uploadTxid = 0;
                        uploadUpTo = 0;
                    }
                }
            }
            pos += RECORD_OVERHEAD + length;
        }
        long torn = size - pos;
        if (torn > 0) {
            channel.truncate(pos);
            channel.force(true);
        }
        end = pos;
        final long synced = syncedUpTo;
        committed.values().removeIf(v -> v.seq() <= synced);
        return new Replay(baseTxid, Map.copyOf(committed), commit, pageSize, lastSeq, uploadTxid, uploadUpTo,
                uploadSize, uploadChecksum, torn);
    }

    /** Appends a page of transaction {@code seq}; returns the file offset of the page's bytes. */
    synchronized long appendPage(long seq, long pgno, byte[] page) throws IOException {
        ByteBuffer payload = ByteBuffer.allocate(12 + page.length).putLong(seq).putInt((int) pgno).put(page);
        long at = append(PAGE, payload);
        return at + 5 + 12;
    }

    /** Appends the commit of transaction {@code seq}; with {@code durable}, it is fsynced before returning. */
    synchronized void appendCommit(long seq, long commit, int pageSize, boolean durable) throws IOException {
        append(COMMIT, ByteBuffer.allocate(24).putLong(seq).putInt((int) commit).putInt(pageSize)
                .putLong(System.currentTimeMillis()));
        if (durable) {
            channel.force(false);
        }
    }

    /** Appends and fsyncs a SYNCED marker. */
    synchronized void appendSynced(long txid, long upToSeq) throws IOException {
        append(SYNCED, ByteBuffer.allocate(16).putLong(txid).putLong(upToSeq));
        channel.force(false);
    }

    /** Appends and fsyncs the intent to upload a file of {@code size} bytes with LTX file checksum {@code checksum}. */
    synchronized void appendUploadIntent(long txid, long upToSeq, long size, long checksum) throws IOException {
        append(UPLOAD, ByteBuffer.allocate(32).putLong(txid).putLong(upToSeq).putLong(size).putLong(checksum));
        channel.force(false);
    }

    private long append(int type, ByteBuffer payload) throws IOException {
        payload.flip();
        int length = payload.remaining();
        ByteBuffer rec = ByteBuffer.allocate(RECORD_OVERHEAD + length);
        rec.put((byte) type).putInt(length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(rec.array(), 0, 5 + length);
        rec.putInt((int) crc.getValue()).flip();
        long at = end;
        while (rec.hasRemaining()) {
            end += channel.write(rec, end);
        }
        return at;
    }

    /** Reads a page's bytes written at {@code dataOffset}. */
    void readPage(long dataOffset, ByteBuffer dst) throws IOException {
        readFully(channel, dst, dataOffset);
        if (dst.hasRemaining()) {
            throw new IOException("write buffer " + path + " ends inside the page at offset " + dataOffset);
        }
    }

    /** Empties the buffer: nothing is pending and the data builds on {@code baseTxid}. */
    synchronized void reset(long baseTxid, int pageSize) throws IOException {
        channel.truncate(HEADER_SIZE);
        end = HEADER_SIZE;
        writeHeader(baseTxid, pageSize);
    }

    /** Returns the file's length in bytes. */
    synchronized long size() {
        return end;
    }

    Path path() {
        return path;
    }

    private void writeHeader(long baseTxid, int pageSize) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE);
        h.put(MAGIC).putInt(VERSION).putInt(pageSize).putLong(replicaIdentity).putLong(baseTxid)
                .putLong(System.currentTimeMillis());
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, HEADER_SIZE - 4);
        h.putInt(HEADER_SIZE - 4, (int) crc.getValue());
        h.position(0).limit(HEADER_SIZE);
        int off = 0;
        while (h.hasRemaining()) {
            off += channel.write(h, off);
        }
        channel.force(true);
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long pos) throws IOException {
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                return;
            }
            pos += n;
        }
    }

    /** Closes the file, keeping it on disk. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
