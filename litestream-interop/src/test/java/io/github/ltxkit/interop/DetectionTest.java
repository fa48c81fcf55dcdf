package io.github.ltxkit.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link LitestreamVfs#detect} says when a prerequisite is missing: never an exception, always a reason. */
class DetectionTest {
    @TempDir
    Path dir;

    @Test
    void aMissingShellIsNamed() {
        HarnessSettings settings = HarnessSettings.fromEnvironment().withSqlite3Override(dir.resolve("sqlite3"));

        Availability availability = LitestreamVfs.detect(settings);

        assertThat(availability.isAvailable()).isFalse();
        assertThat(availability.reason()).isEqualTo("Litestream VFS unavailable: LTXKIT_SQLITE3 names "
                + dir.resolve("sqlite3") + ", which is not an executable file");
    }

    @Test
    void aMissingOverrideExtensionIsNamed() {
        HarnessSettings settings = HarnessSettings.fromEnvironment().withExtensionOverride(dir.resolve("vfs.so"));

        Availability availability = LitestreamVfs.detect(settings);

        org.junit.jupiter.api.Assumptions.assumeFalse(availability.reason().contains("sqlite3"),
                "no sqlite3 here: " + availability.reason());
        assertThat(availability.reason()).isEqualTo("Litestream VFS unavailable: LTXKIT_LITESTREAM_VFS names "
                + dir.resolve("vfs.so") + ", which is not a file");
    }

    @Test
    void aFailedDownloadGivesNpmsReason() {
        org.junit.jupiter.api.Assumptions.assumeTrue(LitestreamVfs.platform().equals("linux-amd64"),
                "the download is only attempted on linux-amd64");
        HarnessSettings settings = HarnessSettings.fromEnvironment().withCacheRoot(dir.resolve("cache"))
                .withNpmCommand(dir.resolve("no-npm").toString());

        Availability availability = LitestreamVfs.detect(settings);

        org.junit.jupiter.api.Assumptions.assumeFalse(availability.reason().contains("sqlite3 shell"),
                "no sqlite3 here: " + availability.reason());
        assertThat(availability.reason()).startsWith("Litestream VFS unavailable: npm is not available: cannot run '"
                + dir.resolve("no-npm") + "'");
    }

    @Test
    void askingAnUnavailableHarnessForItsInstallationGivesTheReason() {
        Availability availability = Availability.unavailable("no sqlite3");

        assertThatThrownBy(availability::vfs)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Litestream VFS unavailable: no sqlite3");
    }

    @Test
    void whenLitestreamIsRequiredAnUnavailableVfsFailsWithTheReason() {
        Availability missing = Availability.unavailable("no sqlite3 shell");
        assertThatThrownBy(() -> LitestreamVfs.required(missing, "true"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("LTXKIT_REQUIRE_LITESTREAM is true: Litestream VFS unavailable: no sqlite3 shell");
        assertThat(LitestreamVfs.required(missing, null)).isSameAs(missing);
        assertThat(LitestreamVfs.required(missing, "false")).isSameAs(missing);
    }
}
