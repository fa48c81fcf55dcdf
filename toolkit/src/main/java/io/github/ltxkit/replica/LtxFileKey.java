package io.github.ltxkit.replica;

import io.github.ltxkit.ltx.TxRange;

/**
 * Names one LTX file of a replica: its level and the TXID range it covers.
 *
 * <p>Levels 0 to 8 hold incremental and compacted files; level {@value #SNAPSHOT_LEVEL} holds snapshots.
 *
 * @param level the level, 0 to 9
 * @param range the TXIDs the file covers
 */
public record LtxFileKey(int level, TxRange range) implements Comparable<LtxFileKey> {
    /** The level that holds full snapshots. */
    public static final int SNAPSHOT_LEVEL = 9;
    /** The highest level a replica has. */
    public static final int MAX_LEVEL = SNAPSHOT_LEVEL;

    /** Checks the level. */
    public LtxFileKey {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("level must be 0 to 9: " + level);
        }
        if (range == null) {
            throw new IllegalArgumentException("range must not be null");
        }
    }

    /** Returns the key of a file covering {@code [min, max]} at {@code level}. */
    public static LtxFileKey of(int level, long min, long max) {
        return new LtxFileKey(level, new TxRange(min, max));
    }

    /** Returns the file name, {@code <min>-<max>.ltx}. */
    public String fileName() {
        return range.fileName();
    }

    /** Orders by level, then TXID range. */
    @Override
    public int compareTo(LtxFileKey o) {
        int c = Integer.compare(level, o.level);
        return c != 0 ? c : range.compareTo(o.range);
    }

    @Override
    public String toString() {
        return "L" + level + "/" + range.fileName();
    }
}
