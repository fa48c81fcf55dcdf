package io.github.ltxkit.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

/**
 * Writes a soak test's result into its marked block of the reliability page, when the soak profile asks for it
 * with {@code -Dltxkit.soak.report=<path of docs/reliability.md>}; does nothing otherwise.
 */
final class SoakReport {
    private SoakReport() {
    }

    /** Replaces the text between {@code <!-- soak:<name> -->} and {@code <!-- /soak:<name> -->}. */
    static void record(String name, int rounds, int failures, Duration took, String details) {
        String target = System.getProperty("ltxkit.soak.report");
        if (target == null || target.isBlank()) {
            return;
        }
        Path page = Path.of(target);
        String begin = "<!-- soak:" + name + " -->";
        String end = "<!-- /soak:" + name + " -->";
        try {
            String text = Files.readString(page, StandardCharsets.UTF_8);
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalStateException(page + " has no block " + begin + " ... " + end);
            }
            String row = "| " + LocalDate.now() + " | " + rounds + " | " + failures + " | "
                    + formatDuration(took) + " | " + Runtime.getRuntime().availableProcessors() + " | " + details
                    + " |";
            String block = begin + "\n| date | rounds | failures | time | cores | details |\n"
                    + "|---|---|---|---|---|---|\n" + row + "\n";
            Files.writeString(page, text.substring(0, from) + block + text.substring(to), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the soak result in " + page, e);
        }
    }

    private static String formatDuration(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}
