package io.github.ltxkit.ltx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The reference LTX vectors written by the Go implementation (test resources under {@code ltx-vectors/}). */
final class Vectors {
    private Vectors() {
    }

    /** One vector of {@code manifest.json}. */
    record Vector(String file, Map<String, Object> entry) {
        @SuppressWarnings("unchecked")
        Map<String, Object> go() {
            return (Map<String, Object>) entry.get("goReference");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> header() {
            return (Map<String, Object>) go().get("header");
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> frames() {
            Object f = go().get("frames");
            return f == null ? List.of() : (List<Map<String, Object>>) f;
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sourceDatabases() {
            return (List<Map<String, Object>>) entry.get("sourceDatabases");
        }

        byte[] bytes() {
            return Vectors.bytes(file);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static Path root() {
        try {
            return Path.of(Vectors.class.getResource("/ltx-vectors/manifest.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Vector> all() {
        try (InputStream in = Files.newInputStream(root().resolve("manifest.json"))) {
            Map<String, Object> m = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return ((List<Map<String, Object>>) m.get("vectors")).stream()
                    .map(v -> new Vector((String) v.get("file"), v)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long hex(Object o) {
        return Long.parseUnsignedLong((String) o, 16);
    }

    static long num(Object o) {
        return o instanceof java.math.BigInteger b ? b.longValue() : ((Number) o).longValue();
    }
}
