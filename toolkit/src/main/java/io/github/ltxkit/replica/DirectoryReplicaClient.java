package io.github.ltxkit.replica;

import io.github.ltxkit.ltx.TxRange;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The LTX files of a replica in a local directory, laid out as Litestream's file backend lays them out:
 * {@code <root>/ltx/<level in decimal>/<min>-<max>.ltx}, each file's modification time being its creation time.
 *
 * <p>{@link #createIfAbsent} writes a temporary file beside the target, syncs it, and publishes it with a hard
 * link, which fails atomically if the target exists; where the file system has no hard links it falls back to a
 * no-replace move, which is atomic only among the callers of one client. Errors are {@link ReplicaException}s naming the
 * path; none is transient.
 *
 * <p>Thread-safe; several clients (and processes) may share a directory.
 */
public final class DirectoryReplicaClient implements ReplicaClient {
    private static final System.Logger LOG = System.getLogger(DirectoryReplicaClient.class.getName());
    private final Path root;
    // Serializes the check-then-move fallback for file systems without hard links, among this client's callers.
    private final Object moveFallbackLock = new Object();

    /** Opens the replica in {@code root}, which need not exist yet. */
    public DirectoryReplicaClient(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** Returns the replica's root directory. */
    public Path root() {
        return root;
    }

    /** Returns the path of a file: {@code <root>/ltx/<level>/<min>-<max>.ltx}. */
    public Path path(LtxFileKey key) {
        return levelDirectory(key.level()).resolve(key.fileName());
    }

    @Override
    public String describe() {
        return ReplicaUrl.directory(root).toString();
    }

    @Override
    public List<LtxFileInfo> list(int level, long minTxid) throws ReplicaException {
        Path dir = levelDirectory(checkLevel(level));
        List<LtxFileInfo> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Optional<TxRange> range = TxRange.parseFileName(entry.getFileName().toString());
                if (range.isEmpty() || Long.compareUnsigned(range.get().min(), minTxid) < 0) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(entry, BasicFileAttributes.class);
                } catch (NoSuchFileException deletedMeanwhile) {
                    continue;
                }
                if (attrs.isRegularFile()) {
                    files.add(new LtxFileInfo(new LtxFileKey(level, range.get()), attrs.size(),
                            attrs.lastModifiedTime().toInstant()));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw failure(ReplicaOperation.LIST, dir, "cannot list the directory", e);
        }
        files.sort(Comparator.comparing(LtxFileInfo::key));
        return files;
    }

    @Override
    public byte[] read(LtxFileKey key, long offset, int length) throws ReplicaException {
        checkRange(offset, length);
        Path file = path(key);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int n = (int) Math.max(0, Math.min(length, size - offset));
            ByteBuffer buf = ByteBuffer.allocate(n);
            while (buf.hasRemaining()) {
                if (channel.read(buf, offset + buf.position()) < 0) {
                    throw new ReplicaException(ReplicaOperation.READ, file.toString(),
                            "file shrank while being read: got " + buf.position() + " of " + n + " bytes", null);
                }
            }
            return buf.array();
        } catch (NoSuchFileException e) {
            throw notFound(ReplicaOperation.READ, file, e);
        } catch (IOException e) {
            throw failure(ReplicaOperation.READ, file, "cannot read " + length + " bytes at offset " + offset, e);
        }
    }

    @Override
    public InputStream open(LtxFileKey key) throws ReplicaException {
        Path file = path(key);
        try {
            return new ReadStream(Files.newInputStream(file), file);
        } catch (NoSuchFileException e) {
            throw notFound(ReplicaOperation.READ, file, e);
        } catch (IOException e) {
            throw failure(ReplicaOperation.READ, file, "cannot open the file", e);
        }
    }

    @Override
    public void createIfAbsent(LtxFileKey key, UploadContent content, Instant createdAt) throws ReplicaException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(createdAt, "createdAt");
        Path target = path(key);
        Path dir = target.getParent();
        Path temp = dir.resolve("." + key.fileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Files.createDirectories(dir);
            writeSynced(temp, content);
            // set before publishing: the link shares the inode, so the file appears with its creation time
            Files.setLastModifiedTime(temp, FileTime.from(createdAt));
            publish(temp, target);
            syncDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new ObjectAlreadyExistsException(ReplicaOperation.WRITE, target.toString(),
                    "file already exists (another writer took this TXID range)", e);
        } catch (ReplicaException e) {
            throw e;
        } catch (IOException e) {
            throw failure(ReplicaOperation.WRITE, target, "cannot create the file", e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.log(Level.WARNING, () -> "cannot delete temporary file " + temp, e);
            }
        }
    }

    @Override
    public void delete(Collection<LtxFileKey> keys) throws ReplicaException {
        for (LtxFileKey key : keys) {
            Path file = path(key);
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw failure(ReplicaOperation.DELETE, file, "cannot delete the file", e);
            }
        }
    }

    @Override
    public void close() {
        // nothing to release: every call opens and closes its own files
    }

    @Override
    public String toString() {
        return "DirectoryReplicaClient[" + root + "]";
    }

    private Path levelDirectory(int level) {
        return root.resolve("ltx").resolve(Integer.toString(level));
    }

    private static void writeSynced(Path temp, UploadContent content) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             InputStream in = content.open()) {
            OutputStream out = Channels.newOutputStream(channel);
            long copied = in.transferTo(out);
            if (copied != content.length()) {
                throw new IOException("content changed while uploading: expected " + content.length()
                        + " bytes, got " + copied);
            }
            channel.force(true);
        }
    }

    /** Publishes {@code temp} as {@code target} unless {@code target} exists; throws FileAlreadyExistsException. */
    private void publish(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
            return;
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof AccessDeniedException || e instanceof NoSuchFileException) {
                throw (IOException) e;
            }
            LOG.log(Level.DEBUG, () -> "hard links unavailable in " + target.getParent()
                    + "; falling back to a no-replace move", e);
        }
        synchronized (moveFallbackLock) {
            Files.move(temp, target); // without REPLACE_EXISTING: fails with FileAlreadyExistsException
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms cannot open or sync a directory; the file itself is synced already
            LOG.log(Level.DEBUG, () -> "cannot sync directory " + dir, e);
        }
    }

    static int checkLevel(int level) {
        if (level < 0 || level > LtxFileKey.MAX_LEVEL) {
            throw new IllegalArgumentException("level must be 0 to 9: " + level);
        }
        return level;
    }

    static void checkRange(long offset, int length) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
    }

    private static ObjectNotFoundException notFound(ReplicaOperation op, Path file, IOException cause) {
        return new ObjectNotFoundException(op, file.toString(), "no such file", cause);
    }

    private static ReplicaException failure(ReplicaOperation op, Path path, String what, IOException cause) {
        String message = what + ": " + cause;
        return cause instanceof AccessDeniedException
                ? new ReplicaAccessException(op, path.toString(), "permission denied: " + message, cause)
                : new ReplicaException(op, path.toString(), message, cause);
    }

    /** Turns I/O errors while reading an opened file into {@link ReplicaException}s; owned by its reader. */
    private static final class ReadStream extends FilterInputStream {
        private final Path file;

        ReadStream(InputStream in, Path file) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (ReplicaException e) {
                throw e;
            } catch (IOException e) {
                throw failure(ReplicaOperation.READ, file, "cannot read the file", e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (ReplicaException e) {
                throw e;
            } catch (IOException e) {
                throw failure(ReplicaOperation.READ, file, "cannot read the file", e);
            }
        }
    }
}
