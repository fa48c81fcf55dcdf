package io.github.ltxkit.bench;

import java.util.Arrays;
import java.util.List;

/**
 * One figure a scenario measured: the value every measured run produced, in one unit. Immutable.
 *
 * <p>The report shows the median, the minimum and maximum, and the number of runs. The factory methods turn
 * elapsed times from {@link BenchContext#time} into the usual units.
 *
 * @param label   what was measured, as the report's row label (for example "encode to a file")
 * @param unit    the unit of every sample (for example "MB/s" or "ms"); charts group figures by unit
 * @param samples one value per measured run, finite and not negative
 */
public record Measurement(String label, String unit, List<Double> samples) {
    private static final double NANOS_PER_SECOND = 1e9;
    private static final double BYTES_PER_MB = 1e6;

    /** Checks and copies the samples. */
    public Measurement {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("a measurement needs a label, got " + label);
        }
        if (unit == null || unit.isBlank()) {
            throw new IllegalArgumentException("measurement \"" + label + "\" needs a unit, got " + unit);
        }
        samples = List.copyOf(samples);
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("measurement \"" + label + "\" has no samples");
        }
        for (double s : samples) {
            if (!Double.isFinite(s) || s < 0) {
                throw new IllegalArgumentException("measurement \"" + label + "\" has an invalid sample: " + s);
            }
        }
    }

    /**
     * Returns a throughput in MB/s (10<sup>6</sup> bytes a second) of {@code bytes} processed in each run.
     *
     * @param nanos the elapsed nanoseconds of each run, as {@link BenchContext#time} returns them
     */
    public static Measurement megabytesPerSecond(String label, long bytes, List<Long> nanos) {
        return perSecond(label, "MB/s", bytes / BYTES_PER_MB, nanos);
    }

    /** Returns a rate of {@code count} things done in each run, in {@code unit} (for example "pages/s"). */
    public static Measurement perSecond(String label, String unit, double count, List<Long> nanos) {
        return new Measurement(label, unit, nanos.stream()
                .map(n -> count / (Math.max(n, 1L) / NANOS_PER_SECOND)).toList());
    }

    /** Returns the latency in milliseconds of one of {@code operations} done in each run. */
    public static Measurement millisecondsEach(String label, int operations, List<Long> nanos) {
        if (operations < 1) {
            throw new IllegalArgumentException("operations must be at least 1: " + operations);
        }
        return new Measurement(label, "ms", nanos.stream().map(n -> n / 1e6 / operations).toList());
    }

    /** Returns the number of measured runs. */
    public int runs() {
        return samples.size();
    }

    /** Returns the median sample: the middle one, or the mean of the two middle ones for an even count. */
    public double median() {
        double[] sorted = sorted();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Returns the smallest sample. */
    public double min() {
        return sorted()[0];
    }

    /** Returns the largest sample. */
    public double max() {
        double[] sorted = sorted();
        return sorted[sorted.length - 1];
    }

    private double[] sorted() {
        double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s;
    }
}
