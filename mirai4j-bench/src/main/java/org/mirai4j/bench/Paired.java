package org.mirai4j.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Measures a figure and its floor in alternating blocks (floor, figure, floor, figure, …) so
 * both see the same machine state, and reports the ratio of their medians.
 *
 * <p>Why: on a small VM the floor itself moves several-fold from run to run (a vCPU woken from
 * idle costs ~70 µs, one kept busy does not), so a ratio to a floor measured minutes earlier
 * says more about the machine than about mirai4j. Interleaving blocks puts both figures in the
 * same state; the spread of the per-pair ratios shows how steady that state was.
 *
 * <p>Figures reported by {@link #figures} for a figure {@code F} (e.g. {@code dispatcher_rtt_us})
 * judged against a floor {@code R} (e.g. {@code floor_tcp_rtt_us}), in this order:
 * <ul>
 *   <li>{@code F}: median of all figure samples, in F's unit (as before pairing);</li>
 *   <li>{@code F_p99}: their 99th percentile, right after its median;</li>
 *   <li>{@code F_pair_x}: median of all figure samples / median of all interleaved floor samples;</li>
 *   <li>{@code F_pair_min_x}, {@code F_pair_max_x}: the range of the per-pair ratios (median of
 *       figure block i / median of floor block i);</li>
 *   <li>{@code F_pair_floor_<unit of R>}: the median of the interleaved floor samples.</li>
 * </ul>
 * {@link Target#maxRatio} judges {@code F} by {@code F_pair_x} when it is there.
 */
public final class Paired {

    /** Suffix of the paired ratio figure: {@code F + PAIR_X}. */
    public static final String PAIR_X = "_pair_x";
    /** Suffix of the smallest per-pair ratio. */
    public static final String PAIR_MIN_X = "_pair_min_x";
    /** Suffix of the largest per-pair ratio. */
    public static final String PAIR_MAX_X = "_pair_max_x";
    /** Start of the suffix of the interleaved floor's median; the floor's unit follows. */
    public static final String PAIR_FLOOR = "_pair_floor_";

    private Paired() {
    }

    /**
     * Times one block of samples.
     */
    @FunctionalInterface
    public interface BlockSampler {
        /**
         * Takes {@code n} timed samples.
         *
         * @param n how many
         * @return one duration per sample, in ns
         * @throws Exception if a sample fails
         */
        long[] block(int n) throws Exception;
    }

    /**
     * How many pairs of blocks, and samples per block on each side.
     *
     * @param pairs pairs of blocks, at least 1
     * @param floorSamples samples per floor block, at least 1
     * @param figureSamples samples per figure block, at least 1
     */
    public record Plan(int pairs, int floorSamples, int figureSamples) {
        /** Checks the counts. */
        public Plan {
            if (pairs < 1 || floorSamples < 1 || figureSamples < 1) {
                throw new IllegalArgumentException("pairs and samples per block must be >= 1: pairs=" + pairs
                    + ", floorSamples=" + floorSamples + ", figureSamples=" + figureSamples);
            }
        }
    }

    /**
     * The samples of a paired run.
     *
     * @param floorBlocks the floor's blocks, ns, in the order taken
     * @param figureBlocks the figure's blocks, ns; {@code figureBlocks[i]} followed {@code floorBlocks[i]}
     */
    public record Result(long[][] floorBlocks, long[][] figureBlocks) {
        /** @return all floor samples */
        public long[] floorAll() {
            return concat(floorBlocks);
        }

        /** @return all figure samples */
        public long[] figureAll() {
            return concat(figureBlocks);
        }

        /** @return median of all figure samples / median of all floor samples */
        public double ratio() {
            return medianNs(figureAll()) / medianNs(floorAll());
        }

        /** @return median of figure block i / median of floor block i, for each pair */
        public double[] pairRatios() {
            double[] r = new double[floorBlocks.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = medianNs(figureBlocks[i]) / medianNs(floorBlocks[i]);
            }
            return r;
        }
    }

    /**
     * Runs the blocks: floor, figure, floor, figure, … {@code plan.pairs()} times each.
     *
     * @param floor the floor sampler, warmed up already
     * @param figure the figure sampler, warmed up already
     * @param plan the counts
     * @return the blocks
     * @throws Exception if a sampler fails, or returns the wrong number of samples
     */
    public static Result run(BlockSampler floor, BlockSampler figure, Plan plan) throws Exception {
        long[][] floors = new long[plan.pairs()][];
        long[][] figures = new long[plan.pairs()][];
        for (int i = 0; i < plan.pairs(); i++) {
            floors[i] = checked(floor.block(plan.floorSamples()), plan.floorSamples(), "floor", i);
            figures[i] = checked(figure.block(plan.figureSamples()), plan.figureSamples(), "figure", i);
        }
        return new Result(floors, figures);
    }

    /**
     * The figures of a paired run, named as in the class description.
     *
     * @param figure the figure's name, ending in its unit ({@code _us}, {@code _ms} or {@code _s})
     * @param floorFigure the floor's name, ending in its unit
     * @param r the samples
     * @return figures in print order
     */
    public static Map<String, Double> figures(String figure, String floorFigure, Result r) {
        long[] all = r.figureAll();
        double[] pairs = r.pairRatios();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(figure, fromNanos(figure, medianNs(all)));
        out.put(figure + "_p99", fromNanos(figure, Stats.p99Us(all) * 1_000));
        out.put(figure + PAIR_X, r.ratio());
        out.put(figure + PAIR_MIN_X, Arrays.stream(pairs).min().orElseThrow());
        out.put(figure + PAIR_MAX_X, Arrays.stream(pairs).max().orElseThrow());
        String floorUnit = floorFigure.substring(floorFigure.lastIndexOf('_') + 1);
        out.put(figure + PAIR_FLOOR + floorUnit, fromNanos(floorFigure, medianNs(r.floorAll())));
        return out;
    }

    /**
     * Converts nanoseconds to the unit a figure's name ends in.
     *
     * @param figure a name ending in {@code _us}, {@code _ms} or {@code _s}
     * @param nanos a duration in ns
     * @return the duration in that unit
     * @throws IllegalArgumentException for a name with another unit
     */
    static double fromNanos(String figure, double nanos) {
        switch (Units.of(figure)) {
            case "µs":
                return nanos / 1e3;
            case "ms":
                return nanos / 1e6;
            case "s":
                return nanos / 1e9;
            default:
                throw new IllegalArgumentException("not a duration figure (no _us, _ms or _s suffix): " + figure);
        }
    }

    /**
     * The text a paired ratio target shows, e.g. {@code "paired 2.10× (pairs 1.9–2.4×)"}, or
     * null when the figures hold no paired ratio for {@code figure}.
     *
     * @param figure the figure
     * @param figures all figures of the run
     * @return the text, or null
     */
    static String describePair(String figure, Map<String, Double> figures) {
        Double ratio = figures.get(figure + PAIR_X);
        if (ratio == null || !Double.isFinite(ratio)) {
            return null;
        }
        Double lo = figures.get(figure + PAIR_MIN_X);
        Double hi = figures.get(figure + PAIR_MAX_X);
        String range = lo == null || hi == null ? ""
            : String.format(Locale.ROOT, " (pairs %s–%s×)", Units.format(lo), Units.format(hi));
        return "paired" + range;
    }

    private static long[] checked(long[] samples, int expected, String side, int pair) {
        if (samples == null || samples.length != expected) {
            throw new IllegalStateException(side + " block " + pair + " returned "
                + (samples == null ? "null" : samples.length + " samples") + ", expected " + expected);
        }
        return samples;
    }

    private static double medianNs(long[] nanos) {
        return Stats.medianUs(nanos) * 1_000;
    }

    private static long[] concat(long[][] blocks) {
        int n = 0;
        for (long[] b : blocks) {
            n += b.length;
        }
        long[] all = new long[n];
        int at = 0;
        for (long[] b : blocks) {
            System.arraycopy(b, 0, all, at, b.length);
            at += b.length;
        }
        return all;
    }
}
