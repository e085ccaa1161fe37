package org.mirai4j.bench.mirai;

import java.util.Map;
import org.mirai4j.Daemons;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;

/**
 * {@code tls_rtt_us}, {@code tls_rtt_us_p99}: median and p99 round trip of
 * {@code Mirai.mirai(() -> null, Opts.compute("bench-tls")).get()} through one local daemon
 * connected to the host's dispatcher over zero-config TLS on loopback; profile {@code
 * Daemons.builder().compute("bench-tls").n(1).url("tls+tcp://127.0.0.1:0")}, dispatcher on (the
 * default). The profile generates its own self-signed certificate and the launch command hands it
 * to the daemon, so this is {@link DispatcherRtt} with TLS on and nothing else changed. Same sample
 * counts as {@link DispatcherRtt}.
 *
 * <p>The samples are taken in blocks alternating with blocks of dispatcher_rtt_us (a second profile, {@code bench-tls-pair}, with the dispatcher on plain loopback TCP) round trips
 * (floor, figure, floor, figure …: 5 pairs of 1,000 + 1,000 quick, 10 pairs of 10,000 + 10,000
 * full, see {@link org.mirai4j.bench.Paired}), so both see the same machine state; besides the
 * median and p99 it reports their ratio ({@code _pair_x}, with the per-pair range {@code
 * _pair_min_x}..{@code _pair_max_x}) and the floor's median measured alongside ({@code _pair_floor_us}).
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only tls_rtt_us [--quick]}
 * (quick: 5k warm-up + 5k samples; full: 20k + 100k; the floor side 2k or 20k warm-up). The target {@code tls_rtt_us ≤ 1.5×
 * dispatcher_rtt_us} makes {@code --only tls_rtt_us} also run {@code dispatcher_rtt_us} (and, through
 * its own target, {@code floor_tcp_rtt_us}); see {@code BenchHarness.select}.
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15, 2026-11, with other sessions' Maven builds running
 * (1-min load 5–11, up to 50 by the end of the full run), so the ratio is noisy): quick 317–391 µs
 * (p99 3.2–8.8 ms) = 1.01–1.75× dispatcher_rtt_us of the same run (213–314 µs); full 233 µs (p99
 * 411 µs) = 1.31× dispatcher_rtt_us (178 µs); target ≤ 1.5×. Quick adds about 5 s to a
 * {@code --quick} run.
 */
public final class TlsRtt implements Measurement {

    /** The compute profile this measurement owns. */
    static final String COMPUTE = "bench-tls";
    /** The plain dispatcher profile whose round trips alternate with the TLS ones. */
    static final String PAIR_COMPUTE = "bench-tls-pair";

    @Override
    public String name() {
        return "tls_rtt_us";
    }

    @Override
    public String description() {
        return "no-op mirai round trip, 1 daemon, dispatcher, loopback TLS (zero-config certificate)";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        // TLS is judged against the dispatcher round trip: pair it with exactly that profile.
        return MiraiBench.roundTripFigures("tls_rtt_us",
            Daemons.builder().compute(COMPUTE).n(1).url("tls+tcp://127.0.0.1:0"),
            "dispatcher_rtt_us", () -> MiraiBench.side(
                Daemons.builder().compute(PAIR_COMPUTE).n(1).url("tcp://127.0.0.1:0").start()), mode);
    }
}
