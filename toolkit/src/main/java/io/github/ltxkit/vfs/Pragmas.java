package io.github.ltxkit.vfs;

import io.github.ltxkit.ltx.Ltx;
import io.github.ltxkit.sqlite.PragmaResult;
import io.github.ltxkit.sqlite.SqliteVfsException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Litestream's PRAGMAs, answered through {@code SQLITE_FCNTL_PRAGMA} so they work on any connection:
 * {@code litestream_txid} (16 hex digits), {@code litestream_lag} (whole seconds since the last successful poll,
 * -1 before one), {@code litestream_time} (read: the time-travel target or the time of the newest file; set:
 * RFC 3339, a relative time such as {@code 5 minutes ago}, or {@code LATEST}), {@code litestream_write_enabled},
 * {@code litestream_hydration_progress} and {@code litestream_hydration_file}. Stateless.
 */
final class Pragmas {
    private static final Pattern RELATIVE = Pattern.compile(
            "(\\d+)\\s*(second|sec|minute|min|hour|day|week)s?\\s+ago");

    private Pragmas() {
    }

    static PragmaResult handle(VfsFile file, DatabaseEngine engine, String name, String value) throws IOException {
        String key = name.toLowerCase(Locale.ROOT);
        switch (key) {
            case "litestream_txid", "litestream_lag", "litestream_hydration_progress",
                 "litestream_hydration_file" -> {
                if (value != null) {
                    throw SqliteVfsException.error(key + " is read-only", null);
                }
                return PragmaResult.value(read(file, engine, key));
            }
            case "litestream_write_enabled" -> {
                if (value != null) {
                    throw SqliteVfsException.error("litestream_write_enabled cannot change while the database is "
                            + "open in ltxkit; open it with write_enabled=" + value, null);
                }
                return PragmaResult.value(engine.writable() && !file.readOnly() ? "1" : "0");
            }
            case "litestream_time" -> {
                if (value == null) {
                    return PragmaResult.value(read(file, engine, key));
                }
                setTime(file, engine, value);
                return PragmaResult.value(null);
            }
            default -> {
                return PragmaResult.NOT_HANDLED;
            }
        }
    }

    private static String read(VfsFile file, DatabaseEngine engine, String key) {
        return switch (key) {
            case "litestream_txid" -> Ltx.formatTxid(file.currentView().txid());
            case "litestream_lag" -> Long.toString(engine.follower.lagSeconds());
            case "litestream_time" -> {
                if (file.timeTravelTarget() != null) {
                    yield file.timeTravelTarget();
                }
                Instant t = file.currentView().txTime();
                yield t == null ? "latest" : DateTimeFormatter.ISO_INSTANT.format(t);
            }
            case "litestream_hydration_progress" -> engine.hydrationProgress();
            default -> engine.hydrationFile();
        };
    }

    private static void setTime(VfsFile file, DatabaseEngine engine, String value) throws IOException {
        String v = value.trim();
        if (v.startsWith("'") && v.endsWith("'") && v.length() >= 2) {
            v = v.substring(1, v.length() - 1).trim();
        }
        if (v.equalsIgnoreCase("latest")) {
            file.travelTo(null, null);
            return;
        }
        Instant target = parseTime(v, Instant.now());
        DatabaseState state = engine.follower.historicalState(target);
        file.travelTo(state, DateTimeFormatter.ISO_INSTANT.format(target));
    }

    /** Parses RFC 3339 (with or without fractions), {@code N unit(s) ago}, {@code now} or {@code yesterday}. */
    static Instant parseTime(String v, Instant now) throws IOException {
        if (v.isEmpty()) {
            throw SqliteVfsException.error("target time required", null);
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notRfc3339) {
            // try the relative forms
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("now")) {
            return now;
        }
        if (lower.equals("yesterday")) {
            return now.minus(1, ChronoUnit.DAYS);
        }
        Matcher m = RELATIVE.matcher(lower);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration unit = switch (m.group(2)) {
                case "second", "sec" -> Duration.ofSeconds(1);
                case "minute", "min" -> Duration.ofMinutes(1);
                case "hour" -> Duration.ofHours(1);
                case "day" -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            return now.minus(unit.multipliedBy(n));
        }
        throw SqliteVfsException.error("invalid time '" + v + "' for litestream_time: use RFC 3339 "
                + "(2026-11-21T10:00:00Z), a relative time (5 minutes ago) or LATEST", null);
    }
}
