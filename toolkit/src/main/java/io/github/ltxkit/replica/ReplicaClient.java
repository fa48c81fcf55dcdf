package io.github.ltxkit.replica;

import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The LTX files of one replica: a bucket and prefix, or a directory, laid out exactly as Litestream v0.5.x lays
 * them out.
 *
 * <p>Implementations are thread-safe. Every failure is a {@link ReplicaException} that names the operation and the
 * file and says which kind of failure it is (missing object, conflict, access denied, transient); credentials
 * never appear in messages. Raw backends make one request per call and do not retry: retries, metrics and fault
 * injection are decorators (see {@link Replica}).
 */
public interface ReplicaClient extends AutoCloseable {

    /** Returns where the replica is, without credentials, e.g. {@code s3://bucket/db} or {@code file:///data/db}. */
    String describe();

    /**
     * Lists the files of {@code level} whose min TXID is at least {@code minTxid}, in TXID order.
     *
     * @param level   0 to 9
     * @param minTxid the smallest min TXID wanted; 0 or 1 for all
     */
    List<LtxFileInfo> list(int level, long minTxid) throws ReplicaException;

    /**
     * Lists the files of every level, level 0 first and each level in TXID order: what a restore plan needs. This
     * default lists each level in turn; a backend that can list everything in one request (S3) overrides it.
     */
    default List<LtxFileInfo> listAllLevels() throws ReplicaException {
        List<LtxFileInfo> all = new java.util.ArrayList<>();
        for (int level = 0; level <= LtxFileKey.MAX_LEVEL; level++) {
            all.addAll(list(level, 0));
        }
        return all;
    }

    /**
     * Reads the bytes {@code [offset, offset + length)} of a file, clipped to its end. The result is exactly
     * {@code min(length, size - offset)} bytes; a body cut short in transfer is a {@link TransientReplicaException}.
     *
     * @throws ObjectNotFoundException if the file does not exist
     */
    byte[] read(LtxFileKey key, long offset, int length) throws ReplicaException;

    /**
     * Opens a whole file as a stream. Reading from the stream may throw {@link ReplicaException}s too.
     *
     * @throws ObjectNotFoundException if the file does not exist
     */
    InputStream open(LtxFileKey key) throws ReplicaException;

    /**
     * Creates a file only if none exists under its key: a conditional PUT ({@code If-None-Match: *}) on S3, an
     * atomic no-replace link in a directory.
     *
     * @param createdAt recorded as the file's creation time ({@code litestream-timestamp} on S3, mtime in a
     *                  directory)
     * @throws ObjectAlreadyExistsException if the file already exists (another writer won)
     */
    void createIfAbsent(LtxFileKey key, UploadContent content, Instant createdAt) throws ReplicaException;

    /** Deletes files; a file that is already gone is not an error. */
    void delete(Collection<LtxFileKey> keys) throws ReplicaException;

    /** Releases connections and threads. */
    @Override
    void close();
}
