package io.github.ltxkit.hydrate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The local copy of a database that hydration builds: a plain SQLite database file plus a metadata file
 * ({@code <path>.meta}) that says what the copy holds.
 *
 * <p>The file is locked (an OS file lock) for as long as it is open, so one copy is never shared by two databases
 * or two processes. The metadata is only ever written after the data it describes has been fsynced, by writing a
 * temporary file, fsyncing it and renaming it over the old one; a crash at any moment leaves metadata that
 * describes data that really is on disk, or none at all.
 *
 * <p>Thread-safe: positional reads and writes; metadata updates are serialized by {@code this}.
 */
public final class HydrationFile implements AutoCloseable {
    private final Path path;
    private final Path metaPath;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean persistent;
    private final int pageSize;

    private HydrationFile(Path path, FileChannel channel, FileLock lock, boolean persistent, int pageSize) {
        this.path = path;
        this.metaPath = path.resolveSibling(path.getFileName() + ".meta");
        this.channel = channel;
        this.lock = lock;
        this.persistent = persistent;
        this.pageSize = pageSize;
    }

    /**
     * Opens (or creates) the copy at {@code path}.
     *
     * @param persistent whether the copy is kept and resumed across opens (a path the user chose) or deleted on
     *                   close (a temporary one)
     * @throws IOException if another database or process holds the copy, naming it
     */
    public static HydrationFile open(Path path, boolean persistent, int pageSize) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("hydration file " + path + " is in use by another database or process; each "
                    + "database needs its own hydration_path");
        }
        return new HydrationFile(path, ch, lock, persistent, pageSize);
    }

    /** Returns the copy's path. */
    public Path path() {
        return path;
    }

    /** Returns whether the copy is kept across opens. */
    public boolean persistent() {
        return persistent;
    }

    /** Returns the metadata a previous run left, if it is readable and for the same page size. */
    public Optional<HydrationMetadata> previous() {
        if (!persistent || !Files.exists(metaPath)) {
            return Optional.empty();
        }
        try {
            HydrationMetadata m = HydrationMetadata.parse(Files.readString(metaPath, StandardCharsets.UTF_8));
            return m.pageSize() == pageSize ? Optional.of(m) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes {@code count} consecutive pages, {@code firstPgno} first, from the start of {@code pages} with one
     * positional write.
     *
     * @throws IllegalArgumentException if {@code pages} holds fewer than {@code count} pages
     */
    public void writePages(long firstPgno, byte[] pages, int count) throws IOException {
        if (count < 0 || (long) count * pageSize > pages.length) {
            throw new IllegalArgumentException(count + " pages of " + pageSize + " bytes do not fit in a buffer of "
                    + pages.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(pages, 0, count * pageSize);
        long pos = (firstPgno - 1) * pageSize;
        while (b.hasRemaining()) {
            pos += channel.write(b, pos);
        }
    }

    /** Reads page {@code pgno} into {@code page}; bytes past the end of the file read as zeros. */
    public void readPage(long pgno, byte[] page) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(page, 0, pageSize);
        long pos = (pgno - 1) * pageSize;
        while (b.hasRemaining()) {
            int n = channel.read(b, pos);
            if (n < 0) {
                java.util.Arrays.fill(page, b.position(), pageSize, (byte) 0);
                return;
            }
            pos += n;
        }
    }

    /** Sets the copy's size to {@code pages} pages. */
    public void truncate(long pages) throws IOException {
        long size = pages * pageSize;
        if (channel.size() > size) {
            channel.truncate(size);
        } else if (channel.size() < size) {
            channel.write(ByteBuffer.allocate(1), size - 1);
        }
    }

    /** Makes the data durable, then records {@code metadata} (atomically, after the data). */
    public synchronized void record(HydrationMetadata metadata) throws IOException {
        channel.force(true);
        if (!persistent) {
            return;
        }
        Path tmp = metaPath.resolveSibling(metaPath.getFileName() + ".tmp");
        try (FileChannel meta = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            meta.write(ByteBuffer.wrap(metadata.format().getBytes(StandardCharsets.UTF_8)));
            meta.force(true);
        }
        Files.move(tmp, metaPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(metaPath.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException notSupported) {
            // some file systems cannot fsync a directory; the rename is still atomic
        }
    }

    /** Forgets what a previous run left: the metadata goes before any data changes. */
    public synchronized void invalidate() throws IOException {
        Files.deleteIfExists(metaPath);
    }

    /** Closes the copy; a temporary copy (and its metadata) is deleted. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
        if (!persistent) {
            Files.deleteIfExists(path);
            Files.deleteIfExists(metaPath);
        }
    }

    /** Lets go of the copy without recording or deleting anything, as a killed process would. */
    public void abandon() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Deletes the copy and its metadata (a lost machine); the copy must be closed. */
    public static void delete(Path path) throws IOException {
        Files.deleteIfExists(path);
        Files.deleteIfExists(path.resolveSibling(path.getFileName() + ".meta"));
    }
}
