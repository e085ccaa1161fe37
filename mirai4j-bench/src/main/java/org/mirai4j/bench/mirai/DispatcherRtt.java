package org.mirai4j.bench.mirai;

import java.util.Map;
import org.mirai4j.Daemons;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;

/**
 * {@code dispatcher_rtt_us}, {@code dispatcher_rtt_us_p99}: median and p99 round trip of
 * {@code Mirai.mirai(() -> null, Opts.compute("bench-dispatcher")).get()} through one daemon connected
 * to the host's dispatcher over loopback TCP; profile {@code
 * Daemons.builder().compute("bench-dispatcher").n(1)}, dispatcher on (the default),
 * url("tcp://127.0.0.1:0").
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only dispatcher_rtt_us [--quick]}
 * (quick: 5k warm-up + 5k samples; full: 20k + 100k).
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15, 2026-11, with other sessions' Maven builds running
 * (1-min load 4–19, so every figure is on the busy side of the bimodal floors described in {@link
 * org.mirai4j.bench.floor})): quick 231–282 µs (p99 2.7–4.3 ms), full 228 µs (p99 1.9 ms), while
 * floor_tcp_rtt_us was 22–28 µs in the same runs (≈ 8–12×; target ≤ 3×).
 */
public final class DispatcherRtt implements Measurement {

    /** The compute profile this measurement owns. */
    static final String COMPUTE = "bench-dispatcher";

    @Override
    public String name() {
        return "dispatcher_rtt_us";
    }

    @Override
    public String description() {
        return "no-op mirai round trip, 1 daemon, dispatcher, loopback TCP";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        return MiraiBench.roundTripFigures("dispatcher_rtt_us", COMPUTE,
            Daemons.builder().compute(COMPUTE).n(1).url("tcp://127.0.0.1:0"), mode);
    }
}
