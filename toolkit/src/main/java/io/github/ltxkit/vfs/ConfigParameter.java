package io.github.ltxkit.vfs;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every configuration parameter of a database: its URI parameter name, its environment variable, its default and
 * what it means. The first eight are Litestream's own names; the rest are ltxkit's. docs/configuration.md lists
 * exactly these (a test checks it).
 */
enum ConfigParameter {
    REPLICA_URL("replica_url", "", "the replica: s3://bucket/path?endpoint=...&region=...&force-path-style=true "
            + "or file:///path"),
    POLL_INTERVAL("poll_interval", "1s", "how often new LTX files are looked for"),
    CACHE_SIZE("cache_size", "10MiB", "the page cache of the database, in bytes, shared by its connections"),
    WRITE_ENABLED("write_enabled", "false", "accept writes, buffer them locally and upload them"),
    SYNC_INTERVAL("sync_interval", "1s", "how often committed writes are uploaded; 0 uploads only on close and "
            + "on demand"),
    BUFFER_PATH("buffer_path", "a temporary file", "the local write buffer (a journal replayed after a crash)"),
    HYDRATION_ENABLED("hydration_enabled", "false", "download the whole database to a local file in the background "
            + "and serve reads from it once it has caught up"),
    HYDRATION_PATH("hydration_path", "a temporary file", "the hydrated copy; a set path is kept and resumed "
            + "across opens"),
    SNAPSHOT_TIMEOUT("snapshot_timeout", "30s", "read-only open of an empty replica: how long to wait for the first "
            + "snapshot before failing; 0 opens it at once as an empty database that fills as files arrive"),
    BUFFER_RECOVERY("buffer_recovery", "replay", "what opening does with a write buffer left by a crash: replay "
            + "its committed transactions, or discard it (Litestream's behaviour)"),
    BUFFER_LIMIT("buffer_limit", "1GiB", "how much unsynced data the write buffer may hold before writes fail"),
    CLOSE_TIMEOUT("close_timeout", "10s", "how long closing waits for the final upload"),
    COMPACTION_LEVELS("compaction_levels", "off", "write mode: compact level 0 into levels 1, 2, ... at these "
            + "intervals, e.g. 30s,5m,1h (Litestream's defaults)"),
    SNAPSHOT_INTERVAL("snapshot_interval", "off", "write mode: how often to write a level-9 snapshot"),
    L0_RETENTION("l0_retention", "5m", "write mode with compaction: how long level-0 files are kept after being "
            + "compacted into level 1"),
    SNAPSHOT_RETENTION("snapshot_retention", "24h", "write mode with snapshots: how long snapshots are kept (the "
            + "newest always is); files of levels 1 and up older than the oldest kept snapshot go with them"),
    READAHEAD("readahead", "true", "fetch many neighbouring pages in one request when SQLite reads in sequence");

    /** URI parameters SQLite itself defines; they are accepted and ignored. */
    static final Set<String> SQLITE_PARAMETERS = Set.of("vfs", "mode", "cache", "psow", "nolock", "immutable",
            "modeof");

    private final String uriName;
    private final String defaultValue;
    private final String meaning;

    ConfigParameter(String uriName, String defaultValue, String meaning) {
        this.uriName = uriName;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    /** The URI parameter name, e.g. {@code poll_interval}. */
    String uriName() {
        return uriName;
    }

    /** The environment variable, e.g. {@code LITESTREAM_POLL_INTERVAL}. */
    String environmentVariable() {
        return "LITESTREAM_" + uriName.toUpperCase(java.util.Locale.ROOT);
    }

    String defaultValue() {
        return defaultValue;
    }

    String meaning() {
        return meaning;
    }

    static Optional<ConfigParameter> byUriName(String name) {
        return Arrays.stream(values()).filter(p -> p.uriName.equals(name)).findFirst();
    }

    static String knownNames() {
        return Arrays.stream(values()).map(ConfigParameter::uriName).collect(Collectors.joining(", "));
    }
}
