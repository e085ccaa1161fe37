package org.mirai4j.bench.mirai;

import java.util.Map;
import org.mirai4j.Daemons;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.floor.FloorLink;

/**
 * {@code direct_ipc_rtt_us}, {@code direct_ipc_rtt_us_p99}: median and p99 round trip of
 * {@code Mirai.mirai(() -> null, Opts.compute("bench-direct-ipc")).get()} through one daemon connected
 * directly to the host (no dispatcher) over the default ipc:// URL (a Unix domain socket); profile
 * {@code Daemons.builder().compute("bench-direct-ipc").n(1)}, dispatcher(false), no URL (the default,
 * ipc://).
 *
 * <p>The samples are taken in blocks alternating with blocks of floor_uds_rtt_us round trips
 * (floor, figure, floor, figure …: 5 pairs of 1,000 + 1,000 quick, 10 pairs of 10,000 + 10,000
 * full, see {@link org.mirai4j.bench.Paired}), so both see the same machine state; besides the
 * median and p99 it reports their ratio ({@code _pair_x}, with the per-pair range {@code
 * _pair_min_x}..{@code _pair_max_x}) and the floor's median measured alongside ({@code _pair_floor_us}).
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only direct_ipc_rtt_us [--quick]}
 * (quick: 5k warm-up + 5k samples; full: 20k + 100k; the floor side 2k or 20k warm-up).
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15, 2026-11, with other sessions' Maven builds running
 * (1-min load 4–19, so every figure is on the busy side of the bimodal floors described in {@link
 * org.mirai4j.bench.floor})): quick 260–322 µs (p99 0.5–4.1 ms), full 197 µs (p99 2.3 ms), while
 * floor_uds_rtt_us was 12–15 µs in the same runs.
 */
public final class DirectIpcRtt implements Measurement {

    /** The compute profile this measurement owns. */
    static final String COMPUTE = "bench-direct-ipc";

    @Override
    public String name() {
        return "direct_ipc_rtt_us";
    }

    @Override
    public String description() {
        return "no-op mirai round trip, 1 daemon, no dispatcher, default ipc:// URL";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        return MiraiBench.roundTripFigures("direct_ipc_rtt_us",
            Daemons.builder().compute(COMPUTE).n(1).dispatcher(false),
            "floor_uds_rtt_us", () -> MiraiBench.side(FloorLink.uds()), mode);
    }
}
