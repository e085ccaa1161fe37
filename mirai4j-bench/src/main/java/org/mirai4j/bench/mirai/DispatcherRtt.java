package org.mirai4j.bench.mirai;

import java.util.Map;
import org.mirai4j.Daemons;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.floor.FloorLink;

/**
 * {@code dispatcher_rtt_us}, {@code dispatcher_rtt_us_p99}: median and p99 round trip of
 * {@code Mirai.mirai(() -> null, Opts.compute("bench-dispatcher")).get()} through one daemon connected
 * to the host's dispatcher over loopback TCP; profile {@code
 * Daemons.builder().compute("bench-dispatcher").n(1)}, dispatcher on (the default),
 * url("tcp://127.0.0.1:0").
 *
 * <p>The samples are taken in blocks alternating with blocks of floor_tcp_rtt_us round trips
 * (floor, figure, floor, figure …: 5 pairs of 1,000 + 1,000 quick, 10 pairs of 10,000 + 10,000
 * full, see {@link org.mirai4j.bench.Paired}), so both see the same machine state; besides the
 * median and p99 it reports their ratio ({@code _pair_x}, with the per-pair range {@code
 * _pair_min_x}..{@code _pair_max_x}) and the floor's median measured alongside ({@code _pair_floor_us}).
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only dispatcher_rtt_us [--quick]}
 * (quick: 5k warm-up + 5k samples; full: 20k + 100k; the floor side 2k or 20k warm-up).
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
        return MiraiBench.roundTripFigures("dispatcher_rtt_us",
            Daemons.builder().compute(COMPUTE).n(1).url("tcp://127.0.0.1:0"),
            "floor_tcp_rtt_us", () -> MiraiBench.side(FloorLink.tcp()), mode);
    }
}
