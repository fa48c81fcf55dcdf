package io.github.ltxkit.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HarnessSettingsTest {
    @Test
    void cachesUnderHomeByDefaultAndPinsLitestream0517() {
        HarnessSettings settings = HarnessSettings.from(Map.of("HOME", "/home/u")::get);

        assertThat(settings.cacheDirectory()).isEqualTo(Path.of("/home/u/.cache/ltxkit/litestream-vfs-0.5.17"));
        assertThat(settings.vfsPackage()).isEqualTo(VfsPackage.LINUX_AMD64_0_5_17);
        assertThat(settings.vfsPackage().spec()).isEqualTo("litestream-vfs-linux-amd64@0.5.17");
        assertThat(settings.extensionOverride()).isNull();
        assertThat(settings.sqlite3Override()).isNull();
    }

    @Test
    void honoursXdgCacheHomeAndTheOverrides() {
        HarnessSettings settings = HarnessSettings.from(Map.of("HOME", "/home/u", "XDG_CACHE_HOME", "/var/cache/u",
                "LTXKIT_LITESTREAM_VFS", "/opt/litestream.so", "LTXKIT_SQLITE3", "/opt/bin/sqlite3")::get);

        assertThat(settings.cacheDirectory()).isEqualTo(Path.of("/var/cache/u/ltxkit/litestream-vfs-0.5.17"));
        assertThat(settings.extensionOverride()).isEqualTo(Path.of("/opt/litestream.so"));
        assertThat(settings.sqlite3Override()).isEqualTo(Path.of("/opt/bin/sqlite3"));
    }

    @Test
    void ignoresARelativeXdgCacheHome() {
        HarnessSettings settings = HarnessSettings.from(Map.of("HOME", "/home/u", "XDG_CACHE_HOME", "cache")::get);

        assertThat(settings.cacheRoot()).isEqualTo(Path.of("/home/u/.cache/ltxkit"));
    }

    @Test
    void refusesAPackageWithoutAnExactVersionOrASha512Integrity() {
        VfsPackage p = VfsPackage.LINUX_AMD64_0_5_17;
        assertThatThrownBy(() -> new VfsPackage(p.name(), "^0.5", p.integrity(), p.entry(), p.sha256(), p.size()))
                .hasMessage("version must be exact (x.y.z): '^0.5'");
        assertThatThrownBy(() -> new VfsPackage(p.name(), p.version(), "sha1-abc", p.entry(), p.sha256(), p.size()))
                .hasMessage("integrity must be a sha512 subresource-integrity string: 'sha1-abc'");
    }
}
