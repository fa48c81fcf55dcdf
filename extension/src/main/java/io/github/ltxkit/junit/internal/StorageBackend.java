package io.github.ltxkit.junit.internal;

import io.github.ltxkit.junit.LitestreamDatabase.Backend;
import io.github.ltxkit.junit.ReplicaLocation;
import io.github.ltxkit.replica.ReplicaOptions;
import io.github.ltxkit.replica.s3.S3ReplicaClient;
import io.github.ltxkit.replica.DirectoryReplicaClient;
import io.github.ltxkit.replica.ReplicaUrl;
import io.github.ltxkit.seed.Seeder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 store that holds test databases' replicas: it gives each database a fresh location, seeds it, and deletes
 * or keeps it afterwards. One per backend (and external location) per run, closed when the run ends.
 *
 * <p>Seeding copies inside the store: each fixture's files are uploaded once per run to a template location, and
 * every database seeded from it gets server-side copies (one {@code CopyObject} per file, no upload).
 *
 * <p>Thread-safe: templates are created once per snapshot through a concurrent map of futures.
 */
abstract class StorageBackend implements AutoCloseable {
    /** The shared client of the backend's endpoint. */
    protected final S3Store store;
    /** Where each snapshot's files were uploaded, by snapshot (whose files compare by identity). */
    private final ConcurrentHashMap<Snapshot, CompletableFuture<ReplicaLocation>> templates =
            new ConcurrentHashMap<>();
    private final AtomicLong templateNumbers = new AtomicLong();

    StorageBackend(S3Store store) {
        this.store = store;
    }

    /** Returns a location for the template of a snapshot, numbered {@code n}, ready to be written. */
    abstract ReplicaLocation templateLocation(long n);

    /** Returns which backend this is. */
    abstract Backend kind();

    /** Returns a location no other database uses, ready to be seeded; {@code label} names it for people. */
    abstract ReplicaLocation allocate(String label, long sequence);

    /** Deletes everything at {@code at}. */
    abstract void discard(ReplicaLocation at);

    /**
     * Keeps the replica at {@code at} of a failed test for inspection; {@code localCopy} is where a backend that
     * loses its data when the JVM exits copies it.
     *
     * @return where it is kept, for people
     */
    abstract String keep(ReplicaLocation at, Path localCopy) throws IOException;

    /** Writes the files of {@code snapshot} into the fresh location {@code at}: copies of its template's. */
    void seed(ReplicaLocation at, Snapshot snapshot) {
        if (snapshot.files().isEmpty()) {
            return;
        }
        ReplicaLocation template = template(snapshot);
        for (Snapshot.File file : snapshot.files()) {
            store.copy(template, at, file.key());
        }
    }

    private ReplicaLocation template(Snapshot snapshot) {
        CompletableFuture<ReplicaLocation> mine = new CompletableFuture<>();
        CompletableFuture<ReplicaLocation> existing = templates.putIfAbsent(snapshot, mine);
        if (existing == null) {
            try {
                ReplicaLocation at = templateLocation(templateNumbers.incrementAndGet());
                for (Snapshot.File file : snapshot.files()) {
                    store.put(at, file);
                }
                mine.complete(at);
            } catch (RuntimeException | Error e) {
                templates.remove(snapshot, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            existing = mine;
        }
        try {
            return existing.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /** Deletes the templates (before the store closes). */
    protected void discardTemplates() {
        for (CompletableFuture<ReplicaLocation> t : templates.values()) {
            ReplicaLocation at = t.getNow(null);
            if (at != null) {
                try {
                    discard(at);
                } catch (RuntimeException e) {
                    System.getLogger(StorageBackend.class.getName()).log(System.Logger.Level.DEBUG,
                            "cannot delete the fixture template at " + inBucket(at), e);
                }
            }
        }
        templates.clear();
    }

    /** Returns a client of the backend's endpoint whose {@code close()} does nothing. */
    S3Client client() {
        return store.view();
    }

    /** Copies the replica at {@code at} into {@code directory} in Litestream's file layout. */
    static int copyToDirectory(ReplicaLocation at, Path directory) throws IOException {
        Files.createDirectories(directory);
        ReplicaOptions options = ReplicaOptions.builder().credentials(at.credentials()).build();
        try (S3ReplicaClient source = S3ReplicaClient.open(ReplicaUrl.parse(at.replicaUrl()), options)) {
            return Seeder.copyReplica(source, new DirectoryReplicaClient(directory));
        }
    }

    /** Returns the message of a replica kept in its bucket. */
    static String inBucket(ReplicaLocation at) {
        return "s3://" + at.bucket() + "/" + at.prefix() + " on " + at.endpoint() + " (" + at.backend() + ")";
    }

    @Override
    public void close() {
        try {
            discardTemplates();
        } finally {
            store.close();
        }
    }
}
