package io.github.ltxkit.replica;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** The replica client contract, run against a directory (Litestream's file backend layout). */
class DirectoryReplicaClientContractTest extends ReplicaClientContract {
    @TempDir
    Path root;

    @Override
    protected ReplicaClient newClient() {
        return new DirectoryReplicaClient(root);
    }

    @Override
    protected void putRaw(String relativeName, byte[] bytes) throws Exception {
        Path file = root.resolve(relativeName);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    @Override
    protected Set<String> rawNames() throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .collect(Collectors.toSet());
        }
    }

    @Override
    protected String litestreamName(int level, String fileName) {
        return "ltx/" + level + "/" + fileName; // the level in decimal: ltx/9/..., not ltx/0009/...
    }
}
