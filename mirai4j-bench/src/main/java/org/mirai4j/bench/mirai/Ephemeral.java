package org.mirai4j.bench.mirai;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.Stats;

/**
 * {@code ephemeral_ms}: milliseconds for {@code Mirai.mirai(() -> null,
 * Opts.compute("bench-ephemeral-none")).get()} when no profile of that name is set, so mirai4j
 * starts an ephemeral daemon JVM (one task, then it exits) for the call. Median of 3 calls,
 * quick and full. Fails if a profile named {@code bench-ephemeral-none} exists. The JVM-wide
 * ephemeral profile that serves these calls has no public close; it stays for the rest of the
 * run (its daemons exit after their one task).
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only ephemeral_ms}.
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15, 2026-11, with other sessions' Maven builds running
 * (1-min load 4–19, so every figure is on the busy side of the bimodal floors described in {@link
 * org.mirai4j.bench.floor})): quick 324–539 ms, full 348 ms (a daemon JVM start per call).
 */
public final class Ephemeral implements Measurement {

    /** A compute profile name that is never set. */
    static final String COMPUTE = "bench-ephemeral-none";

    @Override
    public String name() {
        return "ephemeral_ms";
    }

    @Override
    public String description() {
        return "no-op mirai on an unset compute profile (ephemeral daemon JVM started per call), ms";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        if (Daemons.isSet(COMPUTE)) {
            throw new IllegalStateException("compute profile " + COMPUTE
                + " is set; the measurement needs it unset");
        }
        Opts opts = Opts.compute(COMPUTE);
        double[] ms = new double[3];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            Object v = MiraiBench.get(Mirai.mirai(MiraiBench.NOOP, opts), "ephemeral call " + i);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (v != null) {
                throw new IllegalStateException("no-op task returned " + v);
            }
        }
        if (Daemons.isSet(COMPUTE)) {
            throw new IllegalStateException("an ephemeral call left a profile named " + COMPUTE + " set");
        }
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("ephemeral_ms", Stats.median(ms));
        return r;
    }
}
