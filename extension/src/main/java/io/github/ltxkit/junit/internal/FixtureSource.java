package io.github.ltxkit.junit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A fixture location found on the classpath or in the file system, and its kind.
 *
 * @param display what messages call it: {@code classpath:db/orders.sql} or an absolute path
 * @param kind    what it holds
 * @param path    where to read it: a default file system path, or a path inside a jar's file system
 * @param stamp   changes when the content may have changed (size and modification time of a file)
 */
record FixtureSource(String display, Kind kind, Path path, String stamp) {
    /** What a fixture location holds. */
    enum Kind {
        /** A SQL script. */
        SCRIPT,
        /** A SQLite database file. */
        DATABASE,
        /** A directory of LTX files. */
        REPLICA_DIRECTORY
    }

    /** The jar file systems opened to read fixtures, by jar URI; closed with the run. */
    static final class JarFileSystems implements AutoCloseable {
        private final Map<URI, FileSystem> open = new ConcurrentHashMap<>();

        Path path(URI jarEntry) throws IOException {
            String spec = jarEntry.toString();
            int bang = spec.indexOf("!/");
            URI jar = URI.create(spec.substring(0, bang + 2));
            FileSystem fs = open.computeIfAbsent(jar, uri -> {
                try {
                    return FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    return FileSystems.getFileSystem(uri);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            return fs.getPath(spec.substring(bang + 1));
        }

        @Override
        public void close() {
            for (FileSystem fs : open.values()) {
                try {
                    fs.close();
                } catch (IOException | UnsupportedOperationException ignored) {
                    // best effort
                }
            }
            open.clear();
        }
    }

    /**
     * Finds {@code location}: {@code classpath:x} on the classpath of {@code loader}, {@code file:x} in the file
     * system (relative to the working directory), otherwise the classpath first and then the file system.
     *
     * @throws ExtensionConfigurationException if it is in neither place, or is of no known kind
     */
    static FixtureSource find(String location, ClassLoader loader, JarFileSystems jars) throws IOException {
        boolean classpathOnly = location.startsWith("classpath:");
        boolean fileOnly = location.startsWith("file:");
        String name = classpathOnly ? location.substring("classpath:".length())
                : fileOnly ? location.substring("file:".length()) : location;
        if (name.isBlank()) {
            throw new ExtensionConfigurationException("fixture " + quote(location) + " names nothing");
        }
        String resource = name.startsWith("/") && !fileOnly ? name.substring(1) : name;
        if (!fileOnly) {
            URL url = loader.getResource(resource);
            if (url != null) {
                Path path;
                try {
                    path = "jar".equals(url.getProtocol()) ? jars.path(url.toURI()) : Path.of(url.toURI());
                } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                    throw new IOException("cannot read fixture " + url + ": " + e.getMessage(), e);
                }
                return of("classpath:" + resource, path, location);
            }
        }
        Path file = Path.of(name).toAbsolutePath().normalize();
        if (!classpathOnly && Files.exists(file)) {
            return of(file.toString(), file, location);
        }
        String looked = classpathOnly ? "classpath resource " + resource
                : fileOnly ? "file " + file : "classpath resource " + resource + " and file " + file;
        throw new ExtensionConfigurationException("fixture not found: " + quote(location) + " (looked for " + looked
                + ")");
    }

    private static FixtureSource of(String display, Path path, String location) throws IOException {
        Kind kind;
        if (Files.isDirectory(path)) {
            kind = Kind.REPLICA_DIRECTORY;
        } else {
            String file = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (file.endsWith(".sql")) {
                kind = Kind.SCRIPT;
            } else if (file.endsWith(".db") || file.endsWith(".sqlite") || file.endsWith(".sqlite3")) {
                kind = Kind.DATABASE;
            } else {
                throw new ExtensionConfigurationException("fixture " + quote(location) + " (" + display + ") is of "
                        + "no known kind: want a .sql script, a .db, .sqlite or .sqlite3 database, or a directory "
                        + "of .ltx files");
            }
        }
        String stamp = kind == Kind.REPLICA_DIRECTORY ? directoryStamp(path)
                : Files.size(path) + "@" + Files.getLastModifiedTime(path).toMillis();
        return new FixtureSource(display, kind, path, stamp);
    }

    private static String directoryStamp(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().map(p -> {
                try {
                    return p + ":" + Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).reduce("", (a, b) -> a + ";" + b);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Opens the content of a script or database file. */
    InputStream open() throws IOException {
        return Files.newInputStream(path);
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }
}
