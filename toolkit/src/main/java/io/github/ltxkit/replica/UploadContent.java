package io.github.ltxkit.replica;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bytes of a file to upload. Re-readable, so an upload can be retried and an ambiguous write can be checked
 * by comparing what is stored with what was sent.
 */
public sealed interface UploadContent {
    /** Returns the length in bytes. */
    long length();

    /** Opens a new stream over the bytes, from the start. */
    InputStream open() throws IOException;

    /** Content held in memory. The array is not copied and must not change. */
    static UploadContent of(byte[] bytes) {
        return new Bytes(bytes);
    }

    /** Content in a local file that must not change while the upload may still be retried. */
    static UploadContent of(Path file) throws IOException {
        return new File(file, Files.size(file));
    }

    /** Opens a fresh stream over the same bytes each time it is called. */
    @FunctionalInterface
    interface Opener {
        /** Returns a new stream positioned at the first byte. */
        InputStream open() throws IOException;
    }

    /** Content of a known length produced by {@code opener}, which must give the same bytes every time. */
    static UploadContent of(long length, Opener opener) {
        return new Supplied(length, opener);
    }

    /** Content from an {@link Opener}. */
    record Supplied(long length, Opener opener) implements UploadContent {
        /** Checks the fields. */
        public Supplied {
            Objects.requireNonNull(opener, "opener");
            if (length < 0) {
                throw new IllegalArgumentException("length must not be negative: " + length);
            }
        }

        @Override
        public InputStream open() throws IOException {
            return opener.open();
        }
    }

    /** In-memory content. */
    record Bytes(byte[] bytes) implements UploadContent {
        /** Checks the array. */
        public Bytes {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }

    /** Content in a local file. */
    record File(Path path, long length) implements UploadContent {
        /** Checks the path. */
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }
}
