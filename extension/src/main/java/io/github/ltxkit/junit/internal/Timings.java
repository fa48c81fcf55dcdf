package io.github.ltxkit.junit.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long each phase of the extension's work took, sample by sample, for diagnostics: written as CSV
 * ({@code phase,nanos}) when the run ends if {@value Defaults#TIMINGS_FILE_PROPERTY} names a file. Recording
 * costs a lock and a list append. Thread-safe: every field is guarded by {@code this}.
 */
final class Timings {
    /** Guarded by {@code this}: the samples of each phase, in nanoseconds, in recording order. */
    private final Map<String, List<Long>> samples = new TreeMap<>();

    /** Records that {@code phase} took {@code nanos}. */
    synchronized void record(String phase, long nanos) {
        samples.computeIfAbsent(phase, p -> new ArrayList<>()).add(nanos);
    }

    /** Records the time since {@code startNanos} (a {@link System#nanoTime()} value) for {@code phase}. */
    void since(String phase, long startNanos) {
        record(phase, System.nanoTime() - startNanos);
    }

    /** Writes every sample as {@code phase,nanos} lines under a header. */
    synchronized void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("phase,nanos\n");
            for (Map.Entry<String, List<Long>> e : samples.entrySet()) {
                for (long nanos : e.getValue()) {
                    out.write(e.getKey() + "," + nanos + "\n");
                }
            }
        }
    }
}
