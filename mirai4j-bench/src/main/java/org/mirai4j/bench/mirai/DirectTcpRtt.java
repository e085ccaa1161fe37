package org.mirai4j.bench.mirai;

import java.util.Map;
import org.mirai4j.Daemons;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;

/**
 * {@code direct_tcp_rtt_us}, {@code direct_tcp_rtt_us_p99}: median and p99 round trip of
 * {@code Mirai.mirai(() -> null, Opts.compute("bench-direct-tcp")).get()} through one daemon connected
 * directly to the host (no dispatcher) over loopback TCP; profile {@code
 * Daemons.builder().compute("bench-direct-tcp").n(1)}, dispatcher(false), url("tcp://127.0.0.1:0").
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only direct_tcp_rtt_us [--quick]}
 * (quick: 5k warm-up + 5k samples; full: 20k + 100k).
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15, 2026-11, with other sessions' Maven builds running
 * (1-min load 4–19, so every figure is on the busy side of the bimodal floors described in {@link
 * org.mirai4j.bench.floor})): quick 339–377 µs (p99 2.5–4.6 ms), full 239 µs (p99 1.2 ms), while
 * floor_tcp_rtt_us was 22–28 µs in the same runs (≈ 11–14×; target ≤ 2×).
 */
public final class DirectTcpRtt implements Measurement {

    /** The compute profile this measurement owns. */
    static final String COMPUTE = "bench-direct-tcp";

    @Override
    public String name() {
        return "direct_tcp_rtt_us";
    }

    @Override
    public String description() {
        return "no-op mirai round trip, 1 daemon, no dispatcher, loopback TCP";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        return MiraiBench.roundTripFigures("direct_tcp_rtt_us", COMPUTE,
            Daemons.builder().compute(COMPUTE).n(1).dispatcher(false).url("tcp://127.0.0.1:0"), mode);
    }
}
