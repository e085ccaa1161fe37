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
 * {@code cancel_free_ms}: milliseconds from cancelling a running task to its daemon being free
 * again. One daemon behind the dispatcher (profile
 * {@code Daemons.builder().compute("bench-cancel").n(1)}, default ipc:// URL); a task that sleeps
 * 10 s (interruptibly) is submitted and, once {@code Daemons.info("bench-cancel").executing() == 1},
 * the clock runs from {@code m.cancel(true)} until a no-op mirai submitted right after the cancel
 * resolves. Median of 5, quick and full. Fails if the cancel is not reported or the no-op is not
 * back within 15 s.
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only cancel_free_ms}.
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15, 2026-11, with other sessions' Maven builds running
 * (1-min load 4–19, so every figure is on the busy side of the bimodal floors described in {@link
 * org.mirai4j.bench.floor})): quick 2.9–8.0 ms, full 6.2 ms (target ≤ 1 ms); the cancel() call itself
 * returns in 0.1–1.6 ms, the rest is the daemon's interrupted result coming back before the dispatcher
 * sends the no-op.
 */
public final class CancelFree implements Measurement {

    /** The compute profile this measurement owns. */
    static final String COMPUTE = "bench-cancel";

    @Override
    public String name() {
        return "cancel_free_ms";
    }

    @Override
    public String description() {
        return "cancel(true) of a running 10 s sleep until a no-op submitted right after resolves, ms";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        Opts opts = Opts.compute(COMPUTE);
        Task<Object> sleeper = () -> {
            Thread.sleep(10_000);
            return "slept";
        };
        Daemons d = null;
        try {
            d = Daemons.builder().compute(COMPUTE).n(1).start();
            // Warm the path (task, result) so the first sample does not pay class loading, and
            // the cancel path itself, which is otherwise still interpreted for every sample.
            MiraiBench.get(Mirai.mirai(MiraiBench.NOOP, opts), "warm-up no-op");
            int warmup = mode.pick(20, 50);
            double[] ms = new double[mode.pick(20, 50)];
            for (int i = -warmup; i < ms.length; i++) {
                Mirai<Object> m = Mirai.mirai(sleeper, opts);
                MiraiBench.awaitCondition(() -> MiraiBench.executing(COMPUTE) == 1, Duration.ofMillis(1),
                    Duration.ofSeconds(10), "sleeper " + i + " executing (Daemons.info(\"" + COMPUTE
                        + "\").executing() == 1; now " + MiraiBench.executing(COMPUTE) + ")");
                long t0 = System.nanoTime();
                boolean canceled = m.cancel(true);
                Mirai<Object> next = Mirai.mirai(MiraiBench.NOOP, opts);
                Object v = MiraiBench.get(next, "no-op after cancel " + i, Duration.ofSeconds(15));
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                if (!canceled || !m.isCancelled()) {
                    throw new IllegalStateException("cancel(true) of a running task returned " + canceled
                        + ", isCancelled() " + m.isCancelled());
                }
                if (v != null) {
                    throw new IllegalStateException("no-op task returned " + v);
                }
            }
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("cancel_free_ms", Stats.median(ms));
            return r;
        } finally {
            MiraiBench.closeQuietly(d);
        }
    }
}
