package io.github.ltxkit.vfs;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for configuration values: Go-style durations, byte sizes and booleans. Stateless. */
final class ConfigValues {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?",
            Pattern.CASE_INSENSITIVE);

    private ConfigValues() {
    }

    /** Thrown for a malformed value; the message names the parameter and the value. */
    static IllegalArgumentException invalid(String parameter, String value, String expected) {
        return new IllegalArgumentException("invalid value for " + parameter + ": '" + value + "' (" + expected + ")");
    }

    /** Parses a Go duration such as {@code 1s}, {@code 500ms}, {@code 1m30s}; {@code 0} is zero. */
    static Duration duration(String parameter, String value) {
        String v = value.trim();
        if (v.equals("0")) {
            return Duration.ZERO;
        }
        boolean negative = v.startsWith("-");
        if (negative) {
            v = v.substring(1);
        }
        Matcher m = DURATION_PART.matcher(v);
        int pos = 0;
        long nanos = 0;
        while (pos < v.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw invalid(parameter, value, "a duration like 1s, 500ms or 1m30s");
            }
            double n = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos += (long) (n * unit);
            pos = m.end();
        }
        if (pos == 0) {
            throw invalid(parameter, value, "a duration like 1s, 500ms or 1m30s");
        }
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    /** Parses a byte size: a number with an optional unit (KiB, MiB, GiB; KB, MB, GB mean the same powers of 2). */
    static long bytes(String parameter, String value) {
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            throw invalid(parameter, value, "a size in bytes such as 10485760 or 10MiB");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw invalid(parameter, value, "a size in bytes such as 10485760 or 10MiB");
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long multiplier = switch (unit.charAt(0)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        return Math.multiplyExact(n, multiplier);
    }

    /** Parses a boolean: true/false, 1/0, yes/no, on/off (any case). */
    static boolean bool(String parameter, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw invalid(parameter, value, "true or false");
        };
    }

    /** Formats a duration the way Go prints simple ones ({@code 1s}, {@code 250ms}, {@code 5m0s} becomes {@code 5m}). */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
