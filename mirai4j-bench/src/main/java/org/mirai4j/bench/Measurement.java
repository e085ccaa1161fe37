package org.mirai4j.bench;

import java.util.Map;

/**
 * One named measurement run by {@link BenchHarness}; it yields one or more figures.
 *
 * <p>To add a figure, implement this interface in your own class (any package of this module, or
 * another module on the harness class path) and register it with ONE line, either
 * <ul>
 *   <li>in {@link Measurements#builtIn()} (add {@code new YourMeasurement(),} to the list), or</li>
 *   <li>in a {@code META-INF/services/org.mirai4j.bench.Measurement} file (one class name per
 *       line; the class needs a public no-argument constructor).</li>
 * </ul>
 * If the figure has a target, add one line to {@link Targets#DEFAULT} as well.
 *
 * <p>Conventions:
 * <ul>
 *   <li>Figure names are snake_case and end in their unit, which the table derives from the
 *       name: {@code _us} µs, {@code _ms} ms, {@code _s} s, {@code _mb} MiB, {@code _mbps} MB/s
 *       (MB = 10<sup>6</sup> bytes), {@code _tps} tasks/s; a trailing {@code _p50}/{@code _p99}/
 *       {@code _p999} qualifies the figure without changing its unit
 *       ({@code floor_tcp_rtt_us_p99}). See {@link Units}.</li>
 *   <li>Latency figures are medians after warm-up unless the name says otherwise; use
 *       {@link Stats} on per-iteration {@link System#nanoTime()} deltas.</li>
 *   <li>The measurement owns every process, thread and socket it opens and releases them before
 *       {@link #run} returns, also on failure (use try-with-resources; {@link ChildJvm} for child
 *       JVMs). Blocking waits must be bounded; the harness abandons a measurement after
 *       {@link Mode#timeout()} and interrupts its thread.</li>
 *   <li>In {@link Mode#QUICK} a measurement should take a few seconds at most.</li>
 * </ul>
 */
public interface Measurement {

    /**
     * The measurement's name, used by {@code --only}; by convention the name of its main figure.
     *
     * @return a unique, stable name
     */
    String name();

    /**
     * Runs the measurement.
     *
     * @param mode quick or full
     * @return figures by name, in the order they should be printed; non-finite values are printed
     *     as "n/a" and left out of the JSON
     * @throws Exception on any failure; the harness reports it and goes on with the next measurement
     */
    Map<String, Double> run(Mode mode) throws Exception;

    /**
     * A one-line description for {@code --list}.
     *
     * @return what is measured, and how
     */
    default String description() {
        return "";
    }
}
