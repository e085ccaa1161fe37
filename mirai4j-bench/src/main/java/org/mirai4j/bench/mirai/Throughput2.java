package org.mirai4j.bench.mirai;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mirai4j.Daemons;
import org.mirai4j.Opts;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.Stats;

/**
 * {@code throughput_2_tps}: no-op tasks per second through 2 daemon JVMs behind the dispatcher
 * (profile {@code Daemons.builder().compute("bench-throughput-2").n(2)}, default ipc:// URL):
 * submit 20,000 mirai, then get them all, in order; tasks/s from the first submission to the last
 * value. One untimed warm-up round of 5,000, then one round (quick) or the median of 5 (full).
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only throughput_2_tps [--quick]}.
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15, 2026-11, with other sessions' Maven builds running
 * (1-min load 4–19, so every figure is on the busy side of the bimodal floors described in {@link
 * org.mirai4j.bench.floor})): quick 4,270–8,806 tasks/s, full 7,519 tasks/s (target ≥ 25,000).
 */
public final class Throughput2 implements Measurement {

    /** The compute profile this measurement owns. */
    static final String COMPUTE = "bench-throughput-2";

    /** Tasks per round. */
    static final int TASKS = 20_000;

    @Override
    public String name() {
        return "throughput_2_tps";
    }

    @Override
    public String description() {
        return "20,000 no-op mirai submitted at once over 2 daemons with dispatcher, then all got; tasks/s";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        int rounds = mode.pick(1, 5);
        Opts opts = Opts.compute(COMPUTE);
        Daemons d = null;
        try {
            d = Daemons.builder().compute(COMPUTE).n(2).start();
            MiraiBench.throughput(opts, 5_000);
            double[] tps = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                tps[i] = MiraiBench.throughput(opts, TASKS);
            }
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("throughput_2_tps", Stats.median(tps));
            return r;
        } finally {
            MiraiBench.closeQuietly(d);
        }
    }
}
