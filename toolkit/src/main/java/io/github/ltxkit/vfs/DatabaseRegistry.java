package io.github.ltxkit.vfs;

import io.github.ltxkit.fault.StorageFaults;
import io.github.ltxkit.replica.Replica;
import io.github.ltxkit.sqlite.SqliteVfsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The databases open in one registered VFS, by name: one {@link DatabaseEngine} per name, shared by every
 * connection and handle that opens it, and closed when the last of them lets go.
 *
 * <p>Configuration for a name comes from, in increasing priority: the {@code LITESTREAM_*} environment, a
 * configuration registered through the Java API, and the URI parameters of the open. A second open of a running
 * database must not ask for different settings. Thread-safe: opens of one name are serialized by a per-name
 * monitor (so a slow first open blocks only that name); {@code entries} is a concurrent map.
 */
final class DatabaseRegistry {
    /** Opens the replica client stack of a database. */
    @FunctionalInterface
    interface ReplicaOpener {
        Replica open(String name, DatabaseConfig config, StorageFaults faults) throws IOException;
    }

    private final String vfsName;
    private final VfsExecutors executors;
    private final Path auxiliaryRoot;
    private final ReplicaOpener opener;
    private final Map<String, String> environment;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, DatabaseConfig> registered = new ConcurrentHashMap<>();
    private final Map<String, Object> nameLocks = new ConcurrentHashMap<>();
    private final AtomicLong instances = new AtomicLong();

    DatabaseRegistry(String vfsName, VfsExecutors executors, Path auxiliaryRoot, ReplicaOpener opener,
                     Map<String, String> environment) {
        this.vfsName = vfsName;
        this.executors = executors;
        this.auxiliaryRoot = auxiliaryRoot;
        this.opener = opener;
        this.environment = Map.copyOf(environment);
    }

    /** One running database and how many leases hold it. Fields guarded by the name's monitor. */
    private static final class Entry {
        final DatabaseEngine engine;
        final StorageFaults faults;
        final Map<String, String> parameters;
        int leases;

        Entry(DatabaseEngine engine, StorageFaults faults, Map<String, String> parameters) {
            this.engine = engine;
            this.faults = faults;
            this.parameters = parameters;
        }
    }

    /** A hold on a running database; release it exactly once. */
    final class Lease {
        private final String name;
        private final Entry entry;
        /** Guarded by the registry's lock for this name ({@code lockFor(name)}): released already? */
        private boolean released;

        private Lease(String name, Entry entry) {
            this.name = name;
            this.entry = entry;
        }

        DatabaseEngine engine() {
            return entry.engine;
        }

        StorageFaults faults() {
            return entry.faults;
        }

        /** Lets go; the database closes (final upload) when no lease is left. */
        void release() {
            synchronized (lockFor(name)) {
                if (released) {
                    return;
                }
                released = true;
                if (--entry.leases == 0 && entries.get(name) == entry) {
                    entries.remove(name);
                    closeEngine(entry);
                }
            }
        }
    }

    /** Registers the configuration of {@code name} for opens that do not give a replica_url themselves. */
    void register(String name, DatabaseConfig config) {
        registered.put(name, config);
    }

    void unregister(String name) {
        registered.remove(name);
    }

    /**
     * Opens (or joins) the database {@code name}.
     *
     * @throws SqliteVfsException CANTOPEN naming the problem: no replica, a bad parameter, settings that differ
     *                            from the running database's, or a replica that cannot be read
     */
    Lease acquire(String name, Map<String, String> uriParameters) throws IOException {
        synchronized (lockFor(name)) {
            Entry entry = entries.get(name);
            if (entry != null && entry.engine.alive()) {
                for (Map.Entry<String, String> p : uriParameters.entrySet()) {
                    if (ConfigParameter.byUriName(p.getKey()).isPresent()
                            && !p.getValue().equals(entry.parameters.get(p.getKey()))
                            && !sameValue(entry.engine.config, p.getKey(), p.getValue())) {
                        throw SqliteVfsException.cantOpen("'" + name + "' is already open in this JVM with other "
                                + "settings: " + p.getKey() + " differs", null);
                    }
                }
                entry.leases++;
                return new Lease(name, entry);
            }
            DatabaseConfig config;
            try {
                DatabaseConfig base = registered.getOrDefault(name,
                        DatabaseConfig.builder().build().withParameters(environment, true));
                config = base.withParameters(uriParameters, false);
            } catch (IllegalArgumentException e) {
                throw SqliteVfsException.cantOpen("cannot open '" + name + "': " + e.getMessage(), e);
            }
            if (config.replicaUrl() == null || config.replicaUrl().isBlank()) {
                throw SqliteVfsException.cantOpen("cannot open '" + name + "': no replica; set the replica_url URI "
                        + "parameter or LITESTREAM_REPLICA_URL, or register the database with LitestreamVfs", null);
            }
            entry = start(name, config, uriParameters);
            entry.leases++;
            entries.put(name, entry);
            return new Lease(name, entry);
        }
    }

    private static boolean sameValue(DatabaseConfig running, String key, String value) {
        try {
            DatabaseConfig asked = running.withParameters(Map.of(key, value), false);
            return asked.equals(running);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Entry start(String name, DatabaseConfig config, Map<String, String> parameters) throws IOException {
        StorageFaults faults = StorageFaults.seeded(name.hashCode());
        Replica replica;
        try {
            replica = opener.open(name, config, faults);
        } catch (IllegalArgumentException e) {
            throw SqliteVfsException.cantOpen("cannot open '" + name + "': replica_url: " + e.getMessage(), e);
        }
        Path aux = auxiliaryRoot.resolve(safe(name) + "-" + instances.incrementAndGet());
        Files.createDirectories(aux);
        DatabaseEngine engine = new DatabaseEngine(name, config, replica, executors, aux, new EngineEvents());
        try {
            engine.start();
        } catch (IOException | RuntimeException e) {
            engine.crash("failed to open");
            replica.close();
            if (e instanceof SqliteVfsException) {
                throw e;
            }
            throw SqliteVfsException.cantOpen("cannot open '" + name + "' from " + replica.client().describe()
                    + ": " + e.getMessage(), e);
        }
        return new Entry(engine, faults, Map.copyOf(parameters));
    }

    private void closeEngine(Entry entry) {
        try {
            entry.engine.close();
        } finally {
            entry.engine.replica.close();
        }
    }

    /** Stops {@code name} at once, as a killed process would; connections still open on it fail from now on. */
    DatabaseEngine crash(String name, String reason) {
        synchronized (lockFor(name)) {
            Entry entry = entries.remove(name);
            if (entry == null) {
                return null;
            }
            entry.engine.crash(reason);
            entry.engine.replica.close();
            return entry.engine;
        }
    }

    /** Returns the running engine of {@code name}, or {@code null}. */
    DatabaseEngine running(String name) {
        Entry e = entries.get(name);
        return e == null ? null : e.engine;
    }

    /** Maps an auxiliary file (journal) to the directory of its database's running instance. */
    Path auxiliaryPath(String fileName) {
        String base = fileName;
        int dash = fileName.lastIndexOf('-');
        if (dash > 0) {
            base = fileName.substring(0, dash);
        }
        DatabaseEngine engine = running(base);
        Path dir = engine != null ? engine.auxiliaryDir : auxiliaryRoot.resolve("unattached");
        return dir.resolve(safe(fileName));
    }

    private Object lockFor(String name) {
        return nameLocks.computeIfAbsent(name, n -> new Object());
    }

    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.length() > 80 ? s.substring(s.length() - 80) : s;
    }

    String vfsName() {
        return vfsName;
    }

    /** Closes every database (final uploads). */
    void closeAll() {
        for (String name : entries.keySet()) {
            synchronized (lockFor(name)) {
                Entry e = entries.remove(name);
                if (e != null) {
                    closeEngine(e);
                }
            }
        }
    }
}
