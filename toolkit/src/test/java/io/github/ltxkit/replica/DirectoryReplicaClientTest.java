package io.github.ltxkit.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryReplicaClientTest {
    private static final Instant T = Instant.parse("2025-05-06T07:08:09.5Z");

    @TempDir
    Path root;

    @Test
    void createIfAbsentLeavesNoTemporaryFilesBehindWhetherItWinsOrLoses() throws Exception {
        DirectoryReplicaClient client = new DirectoryReplicaClient(root);
        LtxFileKey key = LtxFileKey.of(0, 1, 1);
        client.createIfAbsent(key, UploadContent.of(new byte[] {1}), T);
        assertThatThrownBy(() -> client.createIfAbsent(key, UploadContent.of(new byte[] {2}), T))
                .isInstanceOf(ObjectAlreadyExistsException.class)
                .hasMessage("write " + root.resolve("ltx/0/0000000000000001-0000000000000001.ltx")
                        + ": file already exists (another writer took this TXID range)");

        try (Stream<Path> files = Files.list(root.resolve("ltx/0"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactly("0000000000000001-0000000000000001.ltx");
        }
    }

    @Test
    void publishesWithANoReplaceMoveWhereTheFileSystemHasNoHardLinks() throws Exception {
        Path zip = root.resolve("replica.zip");
        try (FileSystem zipFs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"))) {
            DirectoryReplicaClient client = new DirectoryReplicaClient(zipFs.getPath("/replica"));
            LtxFileKey key = LtxFileKey.of(0, 2, 2);

            client.createIfAbsent(key, UploadContent.of("zipped".getBytes(StandardCharsets.UTF_8)), T);

            assertThat(client.read(key, 0, 10)).asString(StandardCharsets.UTF_8).isEqualTo("zipped");
            assertThat(client.list(0, 0)).extracting(LtxFileInfo::key).containsExactly(key);
            assertThatThrownBy(() -> client.createIfAbsent(key, UploadContent.of(new byte[] {9}), T))
                    .isInstanceOf(ObjectAlreadyExistsException.class);
            assertThat(client.read(key, 0, 10)).asString(StandardCharsets.UTF_8).isEqualTo("zipped");
        }
    }

    @Test
    void aReplicaWhoseDirectoryDoesNotExistYetListsNothing() throws Exception {
        DirectoryReplicaClient client = new DirectoryReplicaClient(root.resolve("not/yet"));

        assertThat(client.list(0, 0)).isEmpty();
        assertThat(client.list(9, 0)).isEmpty();
    }

    @Test
    void aDirectoryNamedLikeAnLtxFileIsIgnored() throws Exception {
        Files.createDirectories(root.resolve("ltx/0/0000000000000001-0000000000000001.ltx"));

        assertThat(new DirectoryReplicaClient(root).list(0, 0)).isEmpty();
    }

    @Test
    void describesItselfAsAFileUrl() {
        assertThat(new DirectoryReplicaClient(root).describe()).isEqualTo("file://" + root);
    }

    @Test
    void theModificationTimeIsTheCreationTime() throws Exception {
        DirectoryReplicaClient client = new DirectoryReplicaClient(root);
        LtxFileKey key = LtxFileKey.of(9, 1, 5);
        client.createIfAbsent(key, UploadContent.of(new byte[3]), T);

        assertThat(Files.getLastModifiedTime(client.path(key)).toInstant()).isEqualTo(T);
        assertThat(client.path(key)).isEqualTo(root.resolve("ltx/9/0000000000000001-0000000000000005.ltx"));
    }

    @Test
    void aLevelOutsideZeroToNineIsRejected() {
        DirectoryReplicaClient client = new DirectoryReplicaClient(root);

        assertThatThrownBy(() -> client.list(10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("level must be 0 to 9: 10");
        assertThatCode(() -> client.delete(List.of())).doesNotThrowAnyException();
    }
}
