package io.github.ltxkit.bench;

import java.util.Locale;

/** Number formats for the report, the charts and scenario facts: about three significant digits. Stateless. */
public final class Figures {
    private Figures() {
    }

    /** Formats {@code value}: "1,234", "812", "45.6", "3.21", "0.042". */
    public static String format(double value) {
        double a = Math.abs(value);
        if (a >= 100 || a == 0) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    /** Formats {@code value} in at most four characters and a suffix for charts: "812", "45.6", "981k", "1.2M". */
    public static String compact(double value) {
        double a = Math.abs(value);
        if (a >= 1e9) {
            return format(value / 1e9) + "G";
        }
        if (a >= 1e6) {
            return format(value / 1e6) + "M";
        }
        if (a >= 1e4) {
            return format(value / 1e3) + "k";
        }
        return format(value);
    }

    /** Formats a byte count in MB (10<sup>6</sup> bytes) and MiB, for example "104.9 MB (100 MiB)". */
    public static String bytes(long bytes) {
        return format(bytes / 1e6) + " MB (" + format(bytes / (double) (1 << 20)) + " MiB)";
    }
}
