package io.github.ltxkit.bench.support;

import java.util.Arrays;
import java.util.Collection;

/**
 * A set of samples, sorted, for percentiles: latencies of one run, or of every run pooled. Immutable.
 *
 * <p>Percentiles are nearest-rank: the p-th percentile of n samples is the ⌈p·n/100⌉-th smallest, so it is always
 * one of the samples (the p99 of 200 samples is the 198th smallest, the third largest).
 */
public final class Distribution {
    private final double[] sorted;

    private Distribution(double[] sorted) {
        this.sorted = sorted;
    }

    /**
     * Returns the distribution of {@code samples}.
     *
     * @throws IllegalArgumentException if there are none, or one is not a finite number
     */
    public static Distribution of(Collection<Double> samples) {
        double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
        return of(s);
    }

    /** Returns the distribution of {@code samples}, which it copies. */
    public static Distribution of(double... samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("a distribution needs at least one sample");
        }
        double[] s = samples.clone();
        for (double v : s) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("a distribution's samples must be finite, got " + v);
            }
        }
        Arrays.sort(s);
        return new Distribution(s);
    }

    /** Returns the number of samples. */
    public int count() {
        return sorted.length;
    }

    /**
     * Returns the nearest-rank {@code percent}-th percentile.
     *
     * @throws IllegalArgumentException unless {@code 0 < percent <= 100}
     */
    public double percentile(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("a percentile must be in (0, 100], got " + percent);
        }
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(1, Math.min(sorted.length, rank)) - 1];
    }

    /** Returns the nearest-rank median (the 50th percentile: for an even count, the lower middle sample). */
    public double median() {
        return percentile(50);
    }

    /** Returns the smallest sample. */
    public double min() {
        return sorted[0];
    }

    /** Returns the largest sample. */
    public double max() {
        return sorted[sorted.length - 1];
    }

    /** Returns the arithmetic mean. */
    public double mean() {
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return sum / sorted.length;
    }
}
