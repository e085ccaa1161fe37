package org.mirai4j.bench.floor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.Stats;

/**
 * {@code floor_executor_handoff_us}: the in-process round trip of handing a trivial task to
 * another thread and waiting for its result, i.e. {@code executor.submit(task).get()} on a
 * single-thread {@link ExecutorService}, median after warm-up; plus
 * {@code floor_executor_handoff_us_p99}. It is the cost of the two thread wake-ups any
 * host-side hand-off pays, without a network in between.
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only floor_executor_handoff_us}.
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15; see {@link org.mirai4j.bench.floor} for why
 * idle and busy differ): quick 75–85 µs median (p99 182–231 µs) idle, 9.3–9.6 µs (p99 23–24 µs) busy; full 80.4 µs (p99 214 µs). The idle/busy gap is the VM's slow wake-up of a halted vCPU.
 */
public final class ExecutorHandoffFloor implements Measurement {

    @Override
    public String name() {
        return "floor_executor_handoff_us";
    }

    @Override
    public String description() {
        return "submit(task).get() round trip through a single-thread ExecutorService, in process";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        int warmup = mode.pick(20_000, 100_000);
        int samples = mode.pick(50_000, 300_000);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "handoff-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            int[] counter = new int[1];
            Callable<Integer> task = () -> ++counter[0];
            for (int i = 0; i < warmup; i++) {
                executor.submit(task).get(10, TimeUnit.SECONDS);
            }
            long[] nanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                executor.submit(task).get(10, TimeUnit.SECONDS);
                nanos[i] = System.nanoTime() - t0;
            }
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("floor_executor_handoff_us", Stats.medianUs(nanos));
            r.put("floor_executor_handoff_us_p99", Stats.p99Us(nanos));
            return r;
        } finally {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
