package io.github.ltxkit.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarballTest {
    @TempDir
    Path dir;

    @Test
    void extractsTheNamedEntryAndSkipsTheOthers() throws IOException {
        byte[] wanted = TarWriter.pattern(70_000);
        Path tgz = dir.resolve("p.tgz");
        try (TarWriter tar = new TarWriter(tgz)) {
            tar.directory("package/").file("package/README.md", "readme".getBytes())
                    .file("package/lib.so", wanted).file("package/package.json", "{}".getBytes());
        }
        Path out = dir.resolve("lib.so");

        long size = Tarball.extract(tgz, "package/lib.so", out);

        assertThat(size).isEqualTo(wanted.length);
        assertThat(Files.readAllBytes(out)).isEqualTo(wanted);
    }

    @Test
    void followsPaxAndGnuLongNames() throws IOException {
        String longDir = "package/" + "d".repeat(120) + "/";
        Path tgz = dir.resolve("long.tgz");
        try (TarWriter tar = new TarWriter(tgz)) {
            tar.paxFile(longDir + "pax.so", "pax".getBytes()).gnuLongNameFile(longDir + "gnu.so", "gnu".getBytes());
        }

        Tarball.extract(tgz, longDir + "pax.so", dir.resolve("pax"));
        Tarball.extract(tgz, longDir + "gnu.so", dir.resolve("gnu"));

        assertThat(dir.resolve("pax")).hasContent("pax");
        assertThat(dir.resolve("gnu")).hasContent("gnu");
    }

    @Test
    void namesTheArchiveAndEntryWhenTheEntryIsMissing() throws IOException {
        Path tgz = dir.resolve("p.tgz");
        try (TarWriter tar = new TarWriter(tgz)) {
            tar.file("package/other.so", new byte[10]);
        }

        assertThatThrownBy(() -> Tarball.extract(tgz, "package/lib.so", dir.resolve("x")))
                .isInstanceOf(IOException.class)
                .hasMessage(tgz + ": no file package/lib.so in the archive");
    }

    @Test
    void reportsAnArchiveThatEndsInsideTheEntry() throws IOException {
        Path whole = dir.resolve("whole.tgz");
        try (TarWriter tar = new TarWriter(whole)) {
            tar.file("package/lib.so", TarWriter.pattern(5000));
        }
        byte[] tar = new java.util.zip.GZIPInputStream(Files.newInputStream(whole)).readAllBytes();
        Path cut = dir.resolve("cut.tgz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(cut))) {
            out.write(Arrays.copyOf(tar, 512 + 1000));
        }

        assertThatThrownBy(() -> Tarball.extract(cut, "package/lib.so", dir.resolve("x")))
                .isInstanceOf(IOException.class)
                .hasMessage(cut + ": archive ends inside package/lib.so (1000 of 5000 bytes)");
    }
}
