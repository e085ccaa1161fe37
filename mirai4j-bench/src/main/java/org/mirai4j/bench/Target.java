package org.mirai4j.bench;

import java.util.Map;
import java.util.Optional;

/**
 * A bound on one figure, absolute or relative to another figure measured in the same run.
 *
 * <p>Build targets with the static factories and register them in {@link Targets#DEFAULT}:
 * <ul>
 *   <li>{@link #maxRatio(String, double)}: figure ≤ ratio × reference figure (the paired ratio
 *       {@code figure_pair_x} when the measurement reports one, see {@link Paired});</li>
 *   <li>{@link #max(double)} / {@link #min(double)}: absolute bounds in the figure's own unit;</li>
 *   <li>{@link #minRateFraction(double, String, double)}: a duration in seconds for moving a
 *       fixed number of megabytes must achieve at least a fraction of a reference rate in MB/s.</li>
 * </ul>
 */
public sealed interface Target {

    /**
     * The figure this target's bound depends on.
     *
     * @return the reference (floor) figure, or empty for an absolute bound
     */
    Optional<String> reference();

    /**
     * Judges a measured value.
     *
     * @param figure the name of the measured figure (for units in the text)
     * @param value its value
     * @param figures every figure of this run, to look up the reference
     * @return the verdict; {@link Verdict#pass()} is empty when the reference figure is missing
     */
    Verdict evaluate(String figure, double value, Map<String, Double> figures);

    /**
     * Describes the target without a measurement.
     *
     * @param figure the name of the figure the target applies to
     * @return e.g. "≤ 2× floor_tcp_rtt_us"
     */
    String describe(String figure);

    /**
     * Result of judging one figure.
     *
     * @param pass empty if the target could not be judged (reference figure missing or not finite)
     * @param text the comparison, e.g. "= 1.9× floor_tcp_rtt_us (target ≤ 2×)"
     */
    record Verdict(Optional<Boolean> pass, String text) {
        /** @return "PASS", "FAIL" or "?" */
        public String mark() {
            return pass.map(p -> p ? "PASS" : "FAIL").orElse("?");
        }
    }

    /**
     * Figure ≤ {@code maxRatio} × {@code reference}.
     *
     * @param reference the floor figure, in the same unit as the figure
     * @param maxRatio the largest allowed ratio
     * @return the target
     */
    static Target maxRatio(String reference, double maxRatio) {
        return new MaxRatio(reference, maxRatio);
    }

    /**
     * Figure ≤ {@code bound}, in the figure's own unit.
     *
     * @param bound the largest allowed value
     * @return the target
     */
    static Target max(double bound) {
        return new Absolute(bound, true);
    }

    /**
     * Figure ≥ {@code bound}, in the figure's own unit.
     *
     * @param bound the smallest allowed value
     * @return the target
     */
    static Target min(double bound) {
        return new Absolute(bound, false);
    }

    /**
     * For a figure in seconds that times moving {@code megabytes} MB: the achieved rate
     * {@code megabytes / figure} must be at least {@code minFraction} × {@code referenceMbps}
     * (a rate in MB/s, MB = 10<sup>6</sup> bytes). Equivalently figure ≤
     * {@code megabytes / (minFraction × referenceMbps)} seconds.
     *
     * @param megabytes MB moved during the timed operation (both directions added up)
     * @param referenceMbps the floor rate figure, in MB/s
     * @param minFraction e.g. 0.5 for "at least half the floor rate"
     * @return the target
     */
    static Target minRateFraction(double megabytes, String referenceMbps, double minFraction) {
        return new MinRateFraction(megabytes, referenceMbps, minFraction);
    }

    private static Optional<Double> lookup(Map<String, Double> figures, String name) {
        Double v = figures.get(name);
        return v != null && Double.isFinite(v) && v != 0 ? Optional.of(v) : Optional.empty();
    }

    private static String unitSuffix(String figure) {
        String unit = Units.of(figure);
        return unit.isEmpty() ? "" : " " + unit;
    }

    /** See {@link Target#maxRatio(String, double)}. */
    record MaxRatio(String ref, double maxRatio) implements Target {
        @Override
        public Optional<String> reference() {
            return Optional.of(ref);
        }

        @Override
        public Verdict evaluate(String figure, double value, Map<String, Double> figures) {
            // A ratio measured in alternating blocks with its floor (see Paired) beats one to a
            // floor taken minutes earlier in another machine state.
            Optional<Double> paired = lookup(figures, figure + Paired.PAIR_X);
            if (paired.isPresent()) {
                double ratio = paired.get();
                return new Verdict(Optional.of(ratio <= maxRatio),
                    "= " + Units.format(ratio) + "× " + ref + ", " + Paired.describePair(figure, figures)
                        + " (target ≤ " + Units.exact(maxRatio) + "×)");
            }
            Optional<Double> floor = lookup(figures, ref);
            if (floor.isEmpty()) {
                return new Verdict(Optional.empty(),
                    "target ≤ " + Units.exact(maxRatio) + "× " + ref + " (" + ref + " not measured)");
            }
            double ratio = value / floor.get();
            return new Verdict(Optional.of(ratio <= maxRatio),
                "= " + Units.format(ratio) + "× " + ref + " (target ≤ " + Units.exact(maxRatio) + "×)");
        }

        @Override
        public String describe(String figure) {
            return "≤ " + Units.exact(maxRatio) + "× " + ref;
        }
    }

    /** See {@link Target#max(double)} and {@link Target#min(double)}. */
    record Absolute(double bound, boolean upper) implements Target {
        @Override
        public Optional<String> reference() {
            return Optional.empty();
        }

        @Override
        public Verdict evaluate(String figure, double value, Map<String, Double> figures) {
            boolean pass = upper ? value <= bound : value >= bound;
            return new Verdict(Optional.of(pass), "target " + describe(figure));
        }

        @Override
        public String describe(String figure) {
            return (upper ? "≤ " : "≥ ") + Units.exact(bound) + unitSuffix(figure);
        }
    }

    /** See {@link Target#minRateFraction(double, String, double)}. */
    record MinRateFraction(double megabytes, String ref, double minFraction) implements Target {
        @Override
        public Optional<String> reference() {
            return Optional.of(ref);
        }

        @Override
        public Verdict evaluate(String figure, double seconds, Map<String, Double> figures) {
            Optional<Double> floor = lookup(figures, ref);
            if (floor.isEmpty()) {
                return new Verdict(Optional.empty(), "target " + describe(figure) + " (" + ref + " not measured)");
            }
            double rate = megabytes / seconds;
            double fraction = rate / floor.get();
            double boundSeconds = megabytes / (minFraction * floor.get());
            return new Verdict(Optional.of(fraction >= minFraction),
                "= " + Units.exact(megabytes) + " MB at " + Units.format(rate) + " MB/s = "
                    + Math.round(100 * fraction) + "% of " + ref + " (target ≥ "
                    + Units.exact(100 * minFraction) + "%, i.e. ≤ " + Units.format(boundSeconds) + " s)");
        }

        @Override
        public String describe(String figure) {
            return Units.exact(megabytes) + " MB moved at ≥ " + Units.exact(100 * minFraction) + "% of " + ref
                + " (≤ " + Units.exact(megabytes) + " / (" + minFraction + " × " + ref + ") s)";
        }
    }
}
