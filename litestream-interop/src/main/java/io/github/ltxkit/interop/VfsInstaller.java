package io.github.ltxkit.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Puts a verified copy of a {@link VfsPackage}'s extension into the cache directory, fetching it with
 * {@code npm pack} when it is not there yet.
 *
 * <p>A fetch works in a private temporary directory inside the cache directory: it packs the tarball there, checks
 * its sha512 integrity against the pinned value, extracts the extension, checks its SHA-256 and size, and only
 * then renames it into place atomically. The cached path therefore only ever holds a complete, verified file, and
 * several JVMs (or threads) may fetch at the same time: each does its own download, and the last rename wins with
 * identical bytes. Stateless apart from its settings; thread-safe.
 */
final class VfsInstaller {
    private static final System.Logger LOG = System.getLogger(VfsInstaller.class.getName());

    private final HarnessSettings settings;

    VfsInstaller(HarnessSettings settings) {
        this.settings = settings;
    }

    /** Returns the path the verified extension is cached at. */
    Path cachedPath() {
        return settings.cacheDirectory().resolve(settings.vfsPackage().fileName());
    }

    /**
     * Returns the cached extension, fetching and verifying it first if it is missing or does not match the pinned
     * digest.
     *
     * @throws LitestreamException saying why it cannot be had: npm missing, npm failed, a digest mismatch
     */
    Path install() {
        Path target = cachedPath();
        VfsPackage pkg = settings.vfsPackage();
        if (Files.isRegularFile(target)) {
            String problem = verifyExtension(target, pkg);
            if (problem == null) {
                return target;
            }
            LOG.log(System.Logger.Level.WARNING, "cached Litestream VFS " + target + " is not the pinned build ("
                    + problem + "); fetching it again");
        }
        try {
            Files.createDirectories(target.getParent());
            Path work = Files.createTempDirectory(target.getParent(), ".fetch-");
            try {
                fetchInto(work, target);
            } finally {
                deleteRecursively(work);
            }
        } catch (IOException e) {
            throw new LitestreamException("cannot fetch " + pkg.spec() + " into " + target.getParent() + ": "
                    + e.getMessage(), e);
        }
        return target;
    }

    private void fetchInto(Path work, Path target) throws IOException {
        VfsPackage pkg = settings.vfsPackage();
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("npm_config_update_notifier", "false");
        env.put("npm_config_fund", "false");
        env.put("npm_config_audit", "false");
        List<String> command = List.of(settings.npmCommand(), "pack", pkg.spec(), "--pack-destination",
                work.toString());
        ProcessRunner.Completed npm;
        try {
            npm = ProcessRunner.run(command, env, work, null, work, settings.fetchTimeout());
        } catch (IOException e) {
            throw new LitestreamException("npm is not available: cannot run '" + settings.npmCommand() + "' ("
                    + e.getMessage() + ")", e);
        }
        if (npm.timedOut()) {
            throw new LitestreamException("npm pack " + pkg.spec() + " did not finish within "
                    + settings.fetchTimeout().toSeconds() + " s (no network?)");
        }
        if (npm.exitCode() != 0) {
            throw new LitestreamException("npm pack " + pkg.spec() + " failed with exit status " + npm.exitCode()
                    + " (no network or registry?): " + ProcessRunner.tail(npm.stderr(), 4));
        }
        Path tarball = findTarball(work, pkg);
        String integrity = "sha512-" + Base64.getEncoder().encodeToString(digest(tarball, "SHA-512"));
        if (!integrity.equals(pkg.integrity())) {
            throw new LitestreamException("tarball of " + pkg.spec() + " failed the integrity check: npm gave "
                    + integrity + ", pinned " + pkg.integrity());
        }
        Path extracted = work.resolve(pkg.fileName());
        Tarball.extract(tarball, pkg.entry(), extracted);
        String problem = verifyExtension(extracted, pkg);
        if (problem != null) {
            throw new LitestreamException(pkg.entry() + " in " + pkg.spec() + " is not the pinned build: " + problem);
        }
        Files.move(extracted, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LOG.log(System.Logger.Level.INFO, "fetched " + pkg.spec() + " to " + target);
    }

    private static Path findTarball(Path work, VfsPackage pkg) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(work, "*.tgz")) {
            entries.forEach(found::add);
        }
        if (found.size() != 1) {
            throw new LitestreamException("npm pack " + pkg.spec() + " left " + found.size() + " tarballs in " + work
                    + ", want 1");
        }
        return found.getFirst();
    }

    /** Returns {@code null} if {@code file} is the pinned extension, else what differs. */
    static String verifyExtension(Path file, VfsPackage pkg) {
        try {
            long size = Files.size(file);
            if (size != pkg.size()) {
                return "size " + size + " bytes, want " + pkg.size();
            }
            String sha256 = HexFormat.of().formatHex(digest(file, "SHA-256"));
            if (!sha256.equals(pkg.sha256())) {
                return "sha256 " + sha256 + ", want " + pkg.sha256();
            }
            return null;
        } catch (IOException e) {
            return "cannot read it: " + e.getMessage();
        }
    }

    static byte[] digest(Path file, String algorithm) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "cannot delete " + p + ": " + e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
