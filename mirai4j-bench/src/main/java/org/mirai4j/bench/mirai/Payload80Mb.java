package org.mirai4j.bench.mirai;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.Task;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.Stats;

/**
 * {@code payload_80mb_s}: seconds for one round trip of an 80 MB payload: a
 * {@code double[10_000_000]} captured by the lambda goes to the daemon and comes back as its
 * value ({@code () -> arr}), 160 MB moved in all (MB = 10<sup>6</sup> bytes). One daemon
 * connected directly (no dispatcher) over loopback TCP, profile
 * {@code Daemons.builder().compute("bench-payload").n(1).dispatcher(false).url("tcp://127.0.0.1:0")};
 * median of 3 (quick) or 5 (full) round trips after 1 warm-up, with {@code payload_80mb_min_s} and
 * {@code payload_80mb_max_s} for their range (each sample is also printed on stderr). The
 * returned array is checked.
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only payload_80mb_s [--quick]}.
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15, 2026-11, with other sessions' Maven builds running
 * (1-min load 4–19, so every figure is on the busy side of the bimodal floors described in {@link
 * org.mirai4j.bench.floor})): quick 1.05–5.7 s, full 0.92 s (175 MB/s, 17% of floor_bulk_mbps 1008 MB/s;
 * target ≥ 50%); a standalone loop of the same round trip took 0.69–1.18 s. With large payloads sent
 * in pieces and large arrays copied in bulk after the stream (issue 9, item 3; load 1–2.5): samples
 * 0.21–0.35 s in most runs against 0.31–2.06 s before, floor_bulk_mbps 2000–3900; what is left,
 * including a G1 heap-growth slow mode, is in the module's README.
 */
public final class Payload80Mb implements Measurement {

    /** The compute profile this measurement owns. */
    static final String COMPUTE = "bench-payload";

    /** Doubles in the payload: 80 MB. */
    static final int LENGTH = 10_000_000;

    @Override
    public String name() {
        return "payload_80mb_s";
    }

    @Override
    public String description() {
        return "80 MB double[] captured by the task and returned, direct over loopback TCP, s per round trip";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        int samples = mode.pick(3, 5);
        double[] arr = new double[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            arr[i] = i * 0.5 + 1;
        }
        Task<double[]> echo = () -> arr;
        Opts opts = Opts.compute(COMPUTE);
        Daemons d = null;
        try {
            d = Daemons.builder().compute(COMPUTE).n(1).dispatcher(false).url("tcp://127.0.0.1:0").start();
            check(MiraiBench.get(Mirai.mirai(echo, opts), "warm-up 80 MB round trip",
                Duration.ofSeconds(60)));
            double[] seconds = new double[samples];
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                double[] back = MiraiBench.get(Mirai.mirai(echo, opts), "80 MB round trip " + i,
                    Duration.ofSeconds(60));
                seconds[i] = (System.nanoTime() - t0) / 1e9;
                check(back);
            }
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("payload_80mb_s", Stats.median(seconds));
            // The spread shows the bimodal runs (0.3-0.8 s vs 1.3-2.3 s) inside one measurement.
            r.put("payload_80mb_min_s", java.util.Arrays.stream(seconds).min().orElseThrow());
            r.put("payload_80mb_max_s", java.util.Arrays.stream(seconds).max().orElseThrow());
            System.err.println("[bench] payload_80mb_s samples: " + java.util.Arrays.toString(seconds));
            return r;
        } finally {
            MiraiBench.closeQuietly(d);
        }
    }

    private static void check(double[] back) {
        if (back == null || back.length != LENGTH) {
            throw new IllegalStateException("80 MB round trip returned "
                + (back == null ? "null" : "an array of " + back.length + " doubles"));
        }
        for (int i = 0; i < LENGTH; i += 999_983) {
            if (back[i] != i * 0.5 + 1) {
                throw new IllegalStateException("80 MB round trip: element " + i + " is " + back[i]);
            }
        }
        if (back[LENGTH - 1] != (LENGTH - 1) * 0.5 + 1) {
            throw new IllegalStateException("80 MB round trip: last element is " + back[LENGTH - 1]);
        }
    }
}
