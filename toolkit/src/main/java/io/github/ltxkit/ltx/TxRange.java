package io.github.ltxkit.ltx;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An inclusive range of transaction ids {@code [min, max]}, as covered by one LTX file.
 *
 * <p>Its file name is {@code %016x-%016x.ltx} (lowercase hex), for example
 * {@code 000000000000000d-000000000000000d.ltx} for TXID 13.
 *
 * @param min first TXID, at least 1
 * @param max last TXID, at least {@code min}
 */
public record TxRange(long min, long max) implements Comparable<TxRange> {
    private static final Pattern FILE_NAME = Pattern.compile("^([0-9a-f]{16})-([0-9a-f]{16})\\.ltx$");

    /** Checks that {@code 1 <= min <= max} (unsigned). */
    public TxRange {
        if (min == 0 || Long.compareUnsigned(min, max) > 0) {
            throw new IllegalArgumentException("invalid TXID range: min=" + Long.toUnsignedString(min) + " max="
                    + Long.toUnsignedString(max) + " (want 1 <= min <= max)");
        }
    }

    /** Returns the range of a single transaction. */
    public static TxRange of(long txid) {
        return new TxRange(txid, txid);
    }

    /** Returns the LTX file name of this range, {@code <min>-<max>.ltx}. */
    public String fileName() {
        return Ltx.formatTxid(min) + "-" + Ltx.formatTxid(max) + ".ltx";
    }

    /** Parses a file name of the form {@code %016x-%016x.ltx}; any other name gives an empty result. */
    public static Optional<TxRange> parseFileName(String name) {
        Matcher m = FILE_NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        long min = Long.parseUnsignedLong(m.group(1), 16);
        long max = Long.parseUnsignedLong(m.group(2), 16);
        if (min == 0 || Long.compareUnsigned(min, max) > 0) {
            return Optional.empty();
        }
        return Optional.of(new TxRange(min, max));
    }

    /**
     * Returns whether this range continues a history that ends at {@code prevMax}: it starts no later than
     * {@code prevMax + 1} and ends after {@code prevMax}. Overlap is allowed, gaps are not.
     */
    public boolean continues(long prevMax) {
        return Long.compareUnsigned(min, prevMax + 1) <= 0 && Long.compareUnsigned(max, prevMax) > 0;
    }

    /** Returns whether {@code txid} lies in this range. */
    public boolean contains(long txid) {
        return Long.compareUnsigned(min, txid) <= 0 && Long.compareUnsigned(txid, max) <= 0;
    }

    /** Orders by min, then max (unsigned). */
    @Override
    public int compareTo(TxRange o) {
        int c = Long.compareUnsigned(min, o.min);
        return c != 0 ? c : Long.compareUnsigned(max, o.max);
    }

    @Override
    public String toString() {
        return Ltx.formatTxid(min) + "-" + Ltx.formatTxid(max);
    }
}
