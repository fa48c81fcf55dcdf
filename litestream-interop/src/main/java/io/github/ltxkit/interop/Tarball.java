package io.github.ltxkit.interop;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Extracts one regular file from a gzip-compressed tar archive (ustar, with pax and GNU long-name headers), as npm
 * writes package tarballs. Stateless.
 */
final class Tarball {
    private static final int BLOCK = 512;

    private Tarball() {
    }

    /**
     * Copies the regular file {@code entry} of the archive {@code tgz} to {@code out}.
     *
     * @return the number of bytes written
     * @throws IOException naming the archive if it is malformed or has no such entry
     */
    static long extract(Path tgz, String entry, Path out) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            long offset = 0;
            while (true) {
                if (!readBlock(in, header)) {
                    break;
                }
                if (isZero(header)) {
                    break;
                }
                String name = string(header, 0, 100);
                String prefix = "ustar".equals(string(header, 257, 5)) ? string(header, 345, 155) : "";
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                if (longName != null) {
                    name = longName;
                    longName = null;
                }
                long size = size(header, tgz, offset);
                char type = (char) header[156];
                offset += BLOCK;
                if (type == 'x' || type == 'L') {
                    byte[] meta = in.readNBytes((int) Math.min(size, 1 << 20));
                    skip(in, padded(size) - meta.length, tgz);
                    longName = type == 'L' ? string(meta, 0, meta.length) : paxPath(meta);
                } else if ((type == '0' || type == 0) && name.equals(entry)) {
                    try (OutputStream os = Files.newOutputStream(out)) {
                        copy(in, os, size, tgz, entry);
                    }
                    return size;
                } else {
                    skip(in, padded(size), tgz);
                }
                offset += padded(size);
            }
        }
        throw new IOException(tgz + ": no file " + entry + " in the archive");
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        return n == BLOCK;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String string(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** Reads the size field: octal digits, or GNU base-256 when the top bit of its first byte is set. */
    private static long size(byte[] header, Path tgz, long offset) throws IOException {
        if ((header[124] & 0x80) != 0) {
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (header[i] & 0xff);
            }
            return v;
        }
        String octal = string(header, 124, 12).trim();
        try {
            return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
        } catch (NumberFormatException e) {
            throw new IOException(tgz + ": tar header at offset " + offset + " has an invalid size field '" + octal
                    + "'");
        }
    }

    /** Returns the {@code path} record of a pax extended header, or {@code null}. */
    private static String paxPath(byte[] meta) {
        String text = new String(meta, StandardCharsets.UTF_8);
        int pos = 0;
        while (pos < text.length()) {
            int space = text.indexOf(' ', pos);
            if (space < 0) {
                return null;
            }
            int length;
            try {
                length = Integer.parseInt(text.substring(pos, space));
            } catch (NumberFormatException e) {
                return null;
            }
            if (length <= 0 || pos + length > text.length()) {
                return null;
            }
            String record = text.substring(space + 1, pos + length - 1);
            if (record.startsWith("path=")) {
                return record.substring(5);
            }
            pos += length;
        }
        return null;
    }

    private static void copy(InputStream in, OutputStream out, long size, Path tgz, String entry) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException(tgz + ": archive ends inside " + entry + " (" + (size - left) + " of " + size
                        + " bytes)");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long count, Path tgz) throws IOException {
        long left = count;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new IOException(tgz + ": archive is truncated");
                }
                n = 1;
            }
            left -= n;
        }
    }
}
