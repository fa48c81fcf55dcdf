package io.github.ltxkit.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download cache, driven by a fake {@code npm} script that copies a prepared tarball. */
class VfsInstallerTest {
    @TempDir
    Path dir;

    private final byte[] extension = TarWriter.pattern(200_000);
    private Path tarball;
    private Path calls;
    private VfsPackage pkg;

    @BeforeEach
    void prepareTarball() throws IOException {
        tarball = dir.resolve("fake-vfs-1.0.0.tgz");
        try (TarWriter tar = new TarWriter(tarball)) {
            tar.file("package/README.md", "fake".getBytes()).file("package/fake-vfs.so", extension);
        }
        calls = dir.resolve("npm-calls.txt");
        pkg = new VfsPackage("fake-vfs", "1.0.0",
                "sha512-" + Base64.getEncoder().encodeToString(VfsInstaller.digest(tarball, "SHA-512")),
                "package/fake-vfs.so", sha256(extension), extension.length);
    }

    @Test
    void fetchesVerifiesAndCachesTheExtension() throws IOException {
        VfsInstaller installer = new VfsInstaller(settings(fakeNpm(0, "")));

        Path installed = installer.install();

        assertThat(installed).isEqualTo(dir.resolve("cache/litestream-vfs-1.0.0/fake-vfs.so"));
        assertThat(Files.readAllBytes(installed)).isEqualTo(extension);
        assertThat(Files.readAllLines(calls)).singleElement().asString()
                .startsWith("pack fake-vfs@1.0.0 --pack-destination ");
        assertThat(leftovers()).containsExactly("fake-vfs.so");
    }

    @Test
    void reusesAVerifiedCacheWithoutCallingNpm() throws IOException {
        VfsInstaller installer = new VfsInstaller(settings(fakeNpm(0, "")));
        installer.install();

        installer.install();
        installer.install();

        assertThat(Files.readAllLines(calls)).hasSize(1);
    }

    @Test
    void fetchesAgainWhenTheCachedFileWasAltered() throws IOException {
        VfsInstaller installer = new VfsInstaller(settings(fakeNpm(0, "")));
        Path installed = installer.install();
        byte[] altered = extension.clone();
        altered[1000] ^= 1;
        Files.write(installed, altered);

        installer.install();

        assertThat(Files.readAllBytes(installed)).isEqualTo(extension);
        assertThat(Files.readAllLines(calls)).hasSize(2);
    }

    @Test
    void refusesATarballThatFailsTheIntegrityCheckAndCachesNothing() throws IOException {
        VfsPackage pinnedElsewhere = new VfsPackage(pkg.name(), pkg.version(), "sha512-AAAA", pkg.entry(),
                pkg.sha256(), pkg.size());
        VfsInstaller installer = new VfsInstaller(settings(fakeNpm(0, "")).withPackage(pinnedElsewhere));

        assertThatThrownBy(installer::install)
                .isInstanceOf(LitestreamException.class)
                .hasMessageContaining("tarball of fake-vfs@1.0.0 failed the integrity check: npm gave "
                        + pkg.integrity() + ", pinned sha512-AAAA");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void refusesAnExtensionWhoseDigestDiffersFromThePinnedOne() throws IOException {
        VfsPackage otherBuild = new VfsPackage(pkg.name(), pkg.version(), pkg.integrity(), pkg.entry(),
                "0".repeat(64), pkg.size());
        VfsInstaller installer = new VfsInstaller(settings(fakeNpm(0, "")).withPackage(otherBuild));

        assertThatThrownBy(installer::install)
                .isInstanceOf(LitestreamException.class)
                .hasMessageContaining("package/fake-vfs.so in fake-vfs@1.0.0 is not the pinned build: sha256 "
                        + pkg.sha256() + ", want " + "0".repeat(64));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void reportsWhatNpmSaidWhenItFails() throws IOException {
        VfsInstaller installer = new VfsInstaller(settings(fakeNpm(1,
                "npm warn something harmless\nnpm error code ENOTFOUND\nnpm error network request failed")));

        assertThatThrownBy(installer::install)
                .isInstanceOf(LitestreamException.class)
                .hasMessage("npm pack fake-vfs@1.0.0 failed with exit status 1 (no network or registry?): npm warn "
                        + "something harmless | npm error code ENOTFOUND | npm error network request failed");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void reportsAMissingNpm() {
        VfsInstaller installer = new VfsInstaller(settings(dir.resolve("no-such-npm").toString()));

        assertThatThrownBy(installer::install)
                .isInstanceOf(LitestreamException.class)
                .hasMessageStartingWith("npm is not available: cannot run '" + dir.resolve("no-such-npm") + "'");
    }

    @Test
    void concurrentFetchesAllSucceedWithOneVerifiedFile() throws Exception {
        VfsInstaller installer = new VfsInstaller(settings(fakeNpm(0, "")));
        int threads = 6;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Path>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return installer.install();
                }));
            }
            start.countDown();
            for (Future<Path> f : results) {
                assertThat(Files.readAllBytes(f.get())).isEqualTo(extension);
            }
        }
        assertThat(leftovers()).containsExactly("fake-vfs.so");
        assertThat(VfsInstaller.verifyExtension(installer.cachedPath(), pkg)).isNull();
    }

    private HarnessSettings settings(String npm) {
        return new HarnessSettings(dir.resolve("cache"), pkg, null, null, npm, Duration.ofSeconds(60));
    }

    /** Writes an npm stand-in that records its arguments and copies the tarball, or fails with {@code stderr}. */
    private String fakeNpm(int exitCode, String stderr) throws IOException {
        Path script = dir.resolve("npm");
        String body = exitCode == 0
                ? "dest=\"\"\nwhile [ $# -gt 0 ]; do [ \"$1\" = --pack-destination ] && dest=\"$2\"; shift; done\n"
                + "cp '" + tarball + "' \"$dest/fake-vfs-1.0.0.tgz\"\n"
                : "cat >&2 <<'EOF'\n" + stderr + "\nEOF\nexit " + exitCode + "\n";
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script.toString();
    }

    private List<String> leftovers() throws IOException {
        Path cache = dir.resolve("cache/litestream-vfs-1.0.0");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
