package io.github.ltxkit.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small gzip-compressed tar archives for tests: ustar entries, pax path headers, GNU long names. */
final class TarWriter implements AutoCloseable {
    private final OutputStream out;

    TarWriter(Path tgz) throws IOException {
        this.out = new GZIPOutputStream(Files.newOutputStream(tgz));
    }

    /** Adds a regular file with a ustar header (name up to 100 bytes). */
    TarWriter file(String name, byte[] content) throws IOException {
        header(name, content.length, '0');
        body(content);
        return this;
    }

    /** Adds a regular file whose real name is in a pax extended header. */
    TarWriter paxFile(String name, byte[] content) throws IOException {
        String record = "path=" + name + "\n";
        int len = record.length() + 3;
        String line = len + " " + record;
        if (line.length() != len) {
            line = (len + 1) + " " + record;
        }
        byte[] pax = line.getBytes(StandardCharsets.UTF_8);
        header("PaxHeader/x", pax.length, 'x');
        body(pax);
        header("short-name", content.length, '0');
        body(content);
        return this;
    }

    /** Adds a regular file whose real name is in a GNU long-name entry. */
    TarWriter gnuLongNameFile(String name, byte[] content) throws IOException {
        byte[] longName = (name + "\0").getBytes(StandardCharsets.UTF_8);
        header("././@LongLink", longName.length, 'L');
        body(longName);
        header("truncated", content.length, '0');
        body(content);
        return this;
    }

    /** Adds a directory entry. */
    TarWriter directory(String name) throws IOException {
        header(name, 0, '5');
        return this;
    }

    private void header(String name, long size, char type) throws IOException {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
        put(h, 100, "0000644\0");
        put(h, 108, "0000000\0");
        put(h, 116, "0000000\0");
        put(h, 124, String.format("%011o\0", size));
        put(h, 136, "00000000000\0");
        h[156] = (byte) type;
        put(h, 257, "ustar\0");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o\0 ", sum));
        out.write(h);
    }

    private void body(byte[] content) throws IOException {
        out.write(content);
        int pad = (512 - content.length % 512) % 512;
        out.write(new byte[pad]);
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    @Override
    public void close() throws IOException {
        out.write(new byte[1024]);
        out.close();
    }

    /** Returns {@code n} bytes of a repeating pattern. */
    static byte[] pattern(int n) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(n);
        for (int i = 0; i < n; i++) {
            b.write((i * 31 + 7) & 0xff);
        }
        return b.toByteArray();
    }
}
