package org.mirai4j.bench.mirai;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mirai4j.Daemons;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.Stats;

/**
 * {@code start2_ms}: milliseconds for {@code Daemons.start(2)} (here
 * {@code Daemons.builder().compute("bench-start2").n(2).start()}, default ipc:// URL, dispatcher
 * on) to return, which it does once both daemon JVMs are connected; the profile is closed after
 * each start. Median of 3 (quick) or 5 (full) starts.
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only start2_ms [--quick]}.
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15, 2026-11, with other sessions' Maven builds running
 * (1-min load 4–19, so every figure is on the busy side of the bimodal floors described in {@link
 * org.mirai4j.bench.floor})): quick 285–724 ms, full 374 ms (target ≤ 600 ms).
 */
public final class Start2 implements Measurement {

    /** The compute profile this measurement owns. */
    static final String COMPUTE = "bench-start2";

    @Override
    public String name() {
        return "start2_ms";
    }

    @Override
    public String description() {
        return "Daemons.start(2) until both daemon JVMs are connected, ms (profile closed each time)";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        int samples = mode.pick(3, 5);
        double[] ms = new double[samples];
        for (int i = 0; i < samples; i++) {
            Daemons d = null;
            try {
                long t0 = System.nanoTime();
                d = Daemons.builder().compute(COMPUTE).n(2).start();
                ms[i] = (System.nanoTime() - t0) / 1e6;
                int connected = MiraiBench.connections(COMPUTE);
                if (connected != 2) {
                    throw new IllegalStateException("start(2) returned with " + connected + " connection(s)");
                }
            } finally {
                MiraiBench.closeQuietly(d);
            }
        }
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("start2_ms", Stats.median(ms));
        return r;
    }
}
