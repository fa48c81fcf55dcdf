package io.github.ltxkit.assertions;

import io.github.ltxkit.vfs.ReplicaDatabase;
import io.github.ltxkit.vfs.SyncStatus;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link ReplicaDatabase}. "Remote" is what the bucket holds, read through a fresh
 * {@link ReplicaDatabase#bucketView()} that ignores every local file; "local" is the database as its own
 * connections see it, unsynced commits included.
 *
 * <p>Failure messages name the TXIDs, page counts and checksums on both sides and, where tables differ, their row
 * counts. Not thread-safe, like every AssertJ assertion.
 */
public final class ReplicaDatabaseAssert extends AbstractAssert<ReplicaDatabaseAssert, ReplicaDatabase> {
    ReplicaDatabaseAssert(ReplicaDatabase actual) {
        super(actual, ReplicaDatabaseAssert.class);
    }

    /** Verifies that the bucket holds {@code txid} or later and, for a live writer, that it knows so. */
    public ReplicaDatabaseAssert isSyncedThrough(long txid) {
        isNotNull();
        Optional<SyncStatus> status = actual.isOpen() ? actual.syncStatus() : Optional.empty();
        if (status.isPresent() && status.get().lastSyncedTxid() < txid) {
            failWithMessage("Expected '%s' to be synced through TXID %d, but its last upload was TXID %d (%d pages "
                    + "pending%s)", actual.name(), txid, status.get().lastSyncedTxid(), status.get().pendingPages(),
                    status.get().lastError() == null ? "" : "; last error: " + status.get().lastError());
        }
        long remote = remote(view -> view.txid());
        if (remote < txid) {
            failWithMessage("Expected the bucket of '%s' to hold TXID %d, but it holds only TXID %d", actual.name(),
                    txid, remote);
        }
        return this;
    }

    /** Verifies that everything committed is uploaded. */
    public ReplicaDatabaseAssert hasNothingUnsynced() {
        isNotNull();
        SyncStatus s = actual.syncStatus().orElse(null);
        if (s != null && !s.caughtUp()) {
            failWithMessage("Expected '%s' to have nothing unsynced, but %d committed pages are not uploaded "
                    + "(replica at TXID %d%s)", actual.name(), s.pendingPages(), s.lastSyncedTxid(),
                    s.conflict() != null ? "; " + s.conflict() : s.lastError() != null ? "; last error: "
                    + s.lastError() : "");
        }
        return this;
    }

    /** Verifies that the bucket holds exactly the local state, page for page. */
    public ReplicaDatabaseAssert remoteEqualsLocal() {
        isNotNull();
        long local = CommitHistory.checksumOf(actual);
        Snapshot remote = remote(view -> new Snapshot(view.txid(), view.pageCount(), view.checksum(),
                tableCounts(view)));
        if (remote.checksum() != local) {
            failWithMessage("Expected the bucket of '%s' to equal its local state, but the bucket holds TXID %d with "
                    + "%d pages (checksum %016x) and the local state has %d pages (checksum %016x)%s", actual.name(),
                    remote.txid(), remote.pages(), remote.checksum(), actual.pageCount(), local,
                    differences(remote.tables(), tableCounts(actual)));
        }
        return this;
    }

    /**
     * Verifies that the bucket holds one of {@code history}'s states, no older than the newest one marked synced:
     * every commit up to it survived, none after it leaked in, and nothing else was written.
     */
    public ReplicaDatabaseAssert remoteIsPrefixOf(CommitHistory history) {
        isNotNull();
        Snapshot remote = remote(view -> new Snapshot(view.txid(), view.pageCount(), view.checksum(),
                tableCounts(view)));
        checkInHistory("the bucket of '" + actual.name() + "' (TXID " + remote.txid() + ")", remote.checksum(),
                history, remote.tables());
        return this;
    }

    /**
     * Verifies that the local state is one of {@code history}'s states, no older than the newest one marked synced
     * (after a crash and {@link ReplicaDatabase#reopen()}: nothing that was uploaded is lost).
     */
    public ReplicaDatabaseAssert hasLostNoSyncedData(CommitHistory history) {
        isNotNull();
        checkInHistory("'" + actual.name() + "'", CommitHistory.checksumOf(actual), history, tableCounts(actual));
        return this;
    }

    /** Verifies that the local state is exactly {@code history}'s newest state: every commit, synced or not. */
    public ReplicaDatabaseAssert holdsLatestStateOf(CommitHistory history) {
        isNotNull();
        long local = CommitHistory.checksumOf(actual);
        int last = history.size() - 1;
        if (last < 0 || history.checksum(last) != local) {
            int at = history.indexOf(local);
            failWithMessage("Expected '%s' to hold the newest recorded state #%d, but it holds %s", actual.name(), last,
                    at < 0 ? "a state never recorded (checksum " + Long.toHexString(local) + ")" : "state #" + at);
        }
        return this;
    }

    /** Verifies that {@code pragma integrity_check} reports {@code ok}, locally and on the bucket's state. */
    public ReplicaDatabaseAssert passesIntegrityCheck() {
        isNotNull();
        String local = integrity(actual);
        if (!"ok".equals(local)) {
            failWithMessage("Expected '%s' to pass the integrity check, but it reported:%n%s", actual.name(), local);
        }
        String remote = remote(ReplicaDatabaseAssert::integrity);
        if (!"ok".equals(remote)) {
            failWithMessage("Expected the bucket of '%s' to pass the integrity check, but it reported:%n%s",
                    actual.name(), remote);
        }
        return this;
    }

    private void checkInHistory(String what, long checksum, CommitHistory history, Map<String, Long> tables) {
        int at = history.indexOf(checksum);
        int synced = history.lastSyncedIndex();
        if (at < 0) {
            failWithMessage("Expected %s to hold one of the %d recorded states, but it holds none of them "
                    + "(checksum %016x; tables: %s): data was corrupted or written outside the history", what,
                    history.size(), checksum, tables);
        } else if (at < synced) {
            failWithMessage("Expected %s to hold state #%d or later (synced), but it holds state #%d: synced commits "
                    + "were lost", what, synced, at);
        }
    }

    private record Snapshot(long txid, long pages, long checksum, Map<String, Long> tables) {
    }

    @FunctionalInterface
    private interface ViewQuery<T> {
        T apply(ReplicaDatabase view) throws IOException, SQLException;
    }

    private <T> T remote(ViewQuery<T> query) {
        try (ReplicaDatabase view = actual.bucketView()) {
            return query.apply(view);
        } catch (IOException | SQLException e) {
            throw new AssertionError("cannot read the bucket of '" + actual.name() + "': " + e.getMessage(), e);
        }
    }

    private static String integrity(ReplicaDatabase db) throws AssertionError {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("pragma integrity_check")) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            return String.join(System.lineSeparator(), lines);
        } catch (SQLException e) {
            return "the check could not run: " + e.getMessage();
        }
    }

    /** Row counts per table, for failure messages; a table that cannot be counted shows -1. */
    static Map<String, Long> tableCounts(ReplicaDatabase db) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' order by 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("select count(*) from \"" + t.replace("\"", "\"\"") + "\"")) {
                    counts.put(t, rs.next() ? rs.getLong(1) : -1);
                } catch (SQLException e) {
                    counts.put(t, -1L);
                }
            }
        } catch (SQLException e) {
            counts.put("(unreadable: " + e.getMessage() + ")", -1L);
        }
        return counts;
    }

    private static String differences(Map<String, Long> remote, Map<String, Long> local) {
        List<String> lines = new ArrayList<>();
        for (String t : union(remote, local)) {
            Long r = remote.get(t);
            Long l = local.get(t);
            if (!java.util.Objects.equals(r, l)) {
                lines.add(t + ": bucket " + (r == null ? "-" : r) + " rows, local " + (l == null ? "-" : l) + " rows");
            }
        }
        return lines.isEmpty() ? "; every table has the same row count" : "; " + String.join(", ", lines);
    }

    private static List<String> union(Map<String, Long> a, Map<String, Long> b) {
        List<String> all = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(all::add);
        return all;
    }
}
