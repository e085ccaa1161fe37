package org.mirai4j.bench;

import java.util.Arrays;

/**
 * Order statistics of latency samples taken with {@link System#nanoTime()}, returned in
 * microseconds.
 *
 * <p>Percentiles use the nearest-rank method on a sorted copy; the input array is not modified.
 */
public final class Stats {

    private Stats() {
    }

    /**
     * The median of the samples.
     *
     * @param nanos samples in nanoseconds, at least one
     * @return the median in µs
     */
    public static double medianUs(long[] nanos) {
        return percentileUs(nanos, 50.0);
    }

    /**
     * The 99th percentile of the samples.
     *
     * @param nanos samples in nanoseconds, at least one
     * @return the p99 in µs
     */
    public static double p99Us(long[] nanos) {
        return percentileUs(nanos, 99.0);
    }

    /**
     * A percentile of the samples (nearest rank).
     *
     * @param nanos samples in nanoseconds, at least one
     * @param percentile in (0, 100]
     * @return the percentile in µs
     */
    public static double percentileUs(long[] nanos, double percentile) {
        long[] sorted = sortedCopy(nanos);
        return percentileOfSorted(sorted, percentile) / 1_000.0;
    }

    /**
     * The arithmetic mean of the samples.
     *
     * @param nanos samples in nanoseconds, at least one
     * @return the mean in µs
     */
    public static double meanUs(long[] nanos) {
        requireSamples(nanos);
        double sum = 0;
        for (long n : nanos) {
            sum += n;
        }
        return sum / nanos.length / 1_000.0;
    }

    /**
     * The median of plain values (e.g. per-round throughputs), not converted.
     *
     * @param values at least one value
     * @return the median (mean of the two middle values for an even count)
     */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private static long[] sortedCopy(long[] nanos) {
        requireSamples(nanos);
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    private static long percentileOfSorted(long[] sorted, double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + percentile);
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void requireSamples(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
    }
}
