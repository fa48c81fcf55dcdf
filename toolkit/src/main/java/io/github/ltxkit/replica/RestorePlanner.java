package io.github.ltxkit.replica;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Chooses the LTX files that rebuild a database at a target, as Litestream's {@code CalcRestorePlan} does.
 *
 * <p>The plan starts from the latest level-9 snapshot at or before the target (by TXID, or created before the
 * target time; level-9 files that do not start at TXID 1 are ignored); without one it starts from a file of levels 0 to 8 whose min TXID is 1. Then, again and again, it
 * adds the file of levels 8 to 0 that continues the TXIDs reached so far ({@link
 * io.github.ltxkit.ltx.TxRange#continues}) and reaches furthest, without passing the target; ties go to the
 * smaller min TXID, then the higher level, then the earlier creation time. It stops at the target or when no file
 * continues. If a file exists beyond a gap in the history (and before the target), planning fails with a
 * {@link NonContiguousHistoryException}. A replica without files gives an empty plan.
 *
 * <p>A TXID target that the files cannot reach exactly (the only continuations overshoot it) gives a plan that
 * ends before it; callers compare {@link RestorePlan#maxTxid()} with the target.
 *
 * <p>Stateless and thread-safe.
 */
public final class RestorePlanner {
    private static final Comparator<LtxFileInfo> PREFERENCE = Comparator
            .comparing((LtxFileInfo f) -> f.maxTxid(), Long::compareUnsigned)
            .thenComparing((LtxFileInfo f) -> f.minTxid(), (a, b) -> Long.compareUnsigned(b, a))
            .thenComparingInt(LtxFileInfo::level)
            .thenComparing(LtxFileInfo::createdAt, Comparator.reverseOrder());

    private RestorePlanner() {
    }

    /** What to restore to. */
    public sealed interface Target {
        /** Returns the target of the newest state the files reach. */
        static Target latest() {
            return Latest.INSTANCE;
        }

        /** Returns the target of the state right after transaction {@code txid}. */
        static Target txid(long txid) {
            return new Txid(txid);
        }

        /** Returns the target of the state built from files created before {@code time}. */
        static Target time(Instant time) {
            return new Time(time);
        }

        /** Returns whether a file may be part of a plan for this target. */
        boolean admits(LtxFileInfo file);

        /** Returns whether a plan that reached {@code maxTxid} is complete. */
        boolean reached(long maxTxid);

        /** The newest state. */
        enum Latest implements Target {
            /** The only instance. */
            INSTANCE;

            @Override
            public boolean admits(LtxFileInfo file) {
                return true;
            }

            @Override
            public boolean reached(long maxTxid) {
                return false;
            }

            @Override
            public String toString() {
                return "latest";
            }
        }

        /**
         * The state right after a transaction.
         *
         * @param txid the last transaction to include, at least 1
         */
        record Txid(long txid) implements Target {
            /** Checks the TXID. */
            public Txid {
                if (txid == 0) {
                    throw new IllegalArgumentException("target TXID must be at least 1: 0");
                }
            }

            @Override
            public boolean admits(LtxFileInfo file) {
                return Long.compareUnsigned(file.maxTxid(), txid) <= 0;
            }

            @Override
            public boolean reached(long maxTxid) {
                return Long.compareUnsigned(maxTxid, txid) >= 0;
            }
        }

        /**
         * The state built from the files created before a time.
         *
         * @param time files created at or after it are left out
         */
        record Time(Instant time) implements Target {
            /** Checks the time. */
            public Time {
                Objects.requireNonNull(time, "time");
            }

            @Override
            public boolean admits(LtxFileInfo file) {
                return file.createdAt().isBefore(time);
            }

            @Override
            public boolean reached(long maxTxid) {
                return false;
            }
        }
    }

    /** Lists every level of the replica ({@link ReplicaClient#listAllLevels()}) and plans from that listing. */
    public static RestorePlan plan(ReplicaClient client, Target target) throws ReplicaException {
        return plan(client.listAllLevels(), target, client.describe());
    }

    /**
     * Plans from listings of any levels, in any order.
     *
     * @param replica where the files are, for error messages
     */
    public static RestorePlan plan(List<LtxFileInfo> files, Target target, String replica)
            throws NonContiguousHistoryException {
        Objects.requireNonNull(target, "target");
        List<LtxFileInfo> plan = new ArrayList<>();
        LtxFileInfo snapshot = null;
        List<LtxFileInfo> incremental = new ArrayList<>();
        for (LtxFileInfo file : files) {
            if (!target.admits(file)) {
                continue;
            }
            if (file.level() == LtxFileKey.SNAPSHOT_LEVEL) {
                if (file.minTxid() != 1) {
                    continue; // not a snapshot: level 9 holds only files that start at TXID 1
                }
                if (snapshot == null || file.key().range().compareTo(snapshot.key().range()) > 0) {
                    snapshot = file;
                }
            } else {
                incremental.add(file);
            }
        }
        long max = 0;
        if (snapshot != null) {
            plan.add(snapshot);
            max = snapshot.maxTxid();
        }
        incremental.sort(Comparator.comparing((LtxFileInfo f) -> f.minTxid(), Long::compareUnsigned));

        // One pass in min-TXID order: every file seen so far starts no later than max + 1, and the files seen
        // before the last pick end no later than the pick, so they can never continue the plan again.
        int next = 0;
        LtxFileInfo best = null;
        while (!target.reached(max)) {
            while (next < incremental.size()
                    && Long.compareUnsigned(incremental.get(next).minTxid(), max + 1) <= 0) {
                LtxFileInfo candidate = incremental.get(next++);
                if (Long.compareUnsigned(candidate.maxTxid(), max) > 0
                        && (best == null || PREFERENCE.compare(candidate, best) > 0)) {
                    best = candidate;
                }
            }
            if (best == null) {
                break;
            }
            plan.add(best);
            max = best.maxTxid();
            best = null;
        }
        if (!target.reached(max) && next < incremental.size()) {
            LtxFileInfo beyondGap = incremental.get(next);
            throw new NonContiguousHistoryException(replica, max, beyondGap.minTxid());
        }
        return new RestorePlan(plan);
    }
}
