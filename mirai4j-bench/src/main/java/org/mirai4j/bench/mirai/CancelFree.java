package org.mirai4j.bench.mirai;

import java.time.Duration;
import java.util.Map;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.Task;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.Paired;
import org.mirai4j.bench.floor.FloorLink;

/**
 * {@code cancel_free_ms}: milliseconds from cancelling a running task to its daemon being free
 * again. One daemon behind the dispatcher (profile
 * {@code Daemons.builder().compute("bench-cancel").n(1)}, default ipc:// URL); a task that sleeps
 * 10 s (interruptibly) is submitted and, once {@code Daemons.info("bench-cancel").executing() == 1},
 * the clock runs from {@code m.cancel(true)} until a no-op mirai submitted right after the cancel
 * resolves. Median of 20 quick, 50 full; with {@code cancel_free_ms_p99} and, since the cycles are
 * taken in blocks alternating with blocks of {@code floor_uds_rtt_us} round trips (see {@link
 * Paired}), the ratio to that floor measured alongside ({@code cancel_free_ms_pair_x}). Fails if the cancel is not reported or the no-op is not
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
        try (MiraiBench.Side floor = MiraiBench.side(FloorLink.uds());
             MiraiBench.Side cancels = new Cancels(Daemons.builder().compute(COMPUTE).n(1).start(), opts)) {
            // Warm the path (task, result) so the first sample does not pay class loading, and
            // the cancel path itself, which is otherwise still interpreted for every sample.
            MiraiBench.get(Mirai.mirai(MiraiBench.NOOP, opts), "warm-up no-op");
            cancels.warmUp(mode.pick(20, 50));
            floor.warmUp(mode.pick(2_000, 20_000));
            // 5 pairs of 4 cancels quick, 10 of 5 full: the same 20 and 50 samples as before pairing.
            Paired.Plan plan = new Paired.Plan(mode.pick(5, 10), 1_000, mode.pick(4, 5));
            return Paired.figures("cancel_free_ms", "floor_uds_rtt_us", Paired.run(floor, cancels, plan));
        }
    }

    /** Cancel-then-no-op cycles on one profile, timed from cancel(true) to the no-op's value. */
    private static final class Cancels implements MiraiBench.Side {
        private final Daemons daemons;
        private final Opts opts;
        private final Task<Object> sleeper = () -> {
            Thread.sleep(10_000);
            return "slept";
        };
        private int cycle;

        Cancels(Daemons daemons, Opts opts) {
            this.daemons = daemons;
            this.opts = opts;
        }

        @Override
        public void warmUp(int n) throws Exception {
            for (int i = 0; i < n; i++) {
                once();
            }
        }

        @Override
        public long[] block(int n) throws Exception {
            long[] nanos = new long[n];
            for (int i = 0; i < n; i++) {
                nanos[i] = once();
            }
            return nanos;
        }

        private long once() throws Exception {
            int i = cycle++;
            Mirai<Object> m = Mirai.mirai(sleeper, opts);
            MiraiBench.awaitCondition(() -> MiraiBench.executing(COMPUTE) == 1, Duration.ofMillis(1),
                Duration.ofSeconds(10), "sleeper " + i + " executing (Daemons.info(\"" + COMPUTE
                    + "\").executing() == 1; now " + MiraiBench.executing(COMPUTE) + ")");
            long t0 = System.nanoTime();
            boolean canceled = m.cancel(true);
            Mirai<Object> next = Mirai.mirai(MiraiBench.NOOP, opts);
            Object v = MiraiBench.get(next, "no-op after cancel " + i, Duration.ofSeconds(15));
            long took = System.nanoTime() - t0;
            if (!canceled || !m.isCancelled()) {
                throw new IllegalStateException("cancel(true) of a running task returned " + canceled
                    + ", isCancelled() " + m.isCancelled());
            }
            if (v != null) {
                throw new IllegalStateException("no-op task returned " + v);
            }
            return took;
        }

        @Override
        public void close() {
            MiraiBench.closeQuietly(daemons);
        }
    }
}
