package org.mirai4j.bench.mirai;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mirai4j.Daemons;
import org.mirai4j.Opts;
import org.mirai4j.bench.ChildJvm;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.Stats;
import org.mirai4j.bench.scale.DaemonEmulator;

/**
 * {@code scale_<N>_*}: one host's dispatcher serving N = 10, 100, 1,000 and 10,000
 * protocol-level daemons over loopback tcp:// (handshake v2 and frame MACs on), all emulated by
 * {@link DaemonEmulator} in ONE child JVM on {@value #EMULATOR_THREADS} NIO threads, each task
 * evaluated inline there. For each N, a fresh profile {@code
 * Daemons.builder().compute("bench-scale").url("tcp://127.0.0.1:0").secret(random).n(0)}
 * (dispatcher on, heartbeat {@link #HEARTBEAT} 20 s, which the emulator answers) and a fresh
 * emulator:
 * <ul>
 *   <li>{@code scale_<N>_connect_ms}: from starting the emulator's dials (after its JVM is up)
 *       to {@code Daemons.status("bench-scale").connections() == N} (polled every 5 ms);</li>
 *   <li>{@code scale_<N>_task_us}: host wall time per task of 100,000 ({@code TASKS}) no-op mirai
 *       submitted at once and then awaited (the dispatcher spreads them over all N
 *       connections); median of {@value #ROUNDS} rounds after one warm-up round, with
 *       {@code _min_us}/{@code _max_us} for the range;</li>
 *   <li>{@code scale_<N>_host_cpu_us}, {@code scale_<N>_emulator_cpu_us}: CPU time per task
 *       of the host JVM (all its threads) and of the emulator JVM over the timed rounds; unlike
 *       wall time, it hardly depends on what else runs, and it says on which side a growth is;</li>
 *   <li>{@code scale_<N>_heap_per_conn_kib}: growth of the host's used heap from before the
 *       emulator dialled to all N connected, both after {@code System.gc()}, divided by N.</li>
 * </ul>
 * plus {@code scale_task_10000_vs_10_x} = {@code scale_10000_task_us / scale_10_task_us}
 * (target ≤ 2×) and {@code scale_host_cpu_10000_vs_10_x}, the same for the host's CPU per task. Each connection costs the host one fd and the emulator another; with
 * {@code ulimit -n} 20,000 the two processes stay far below it. Full mode only: in {@code
 * --quick} it reports {@code scale_task_10000_vs_10_x} as n/a (left out of the JSON).
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only scale_task_10000_vs_10_x}
 * (about 1–2 min on a loaded 2-core VM).
 */
public final class ScaleDispatch implements Measurement {

    /** The compute profile this measurement owns. */
    static final String COMPUTE = "bench-scale";
    /**
     * Connection counts measured, in order; {@code -Dmirai4j.bench.scale.counts=10,10000} for an
     * investigation (the ratio figures need 10 and 10,000).
     */
    static final List<Integer> COUNTS = Arrays.stream(
            System.getProperty("mirai4j.bench.scale.counts", "10,100,1000,10000").split(","))
        .map(String::trim).map(Integer::valueOf).toList();
    /**
     * Tasks per timed round: 10 per connection at 10,000, so a round is a steady pipeline; with
     * 20,000 (two per connection) a round at 10,000 was two bursts of 10,000 frames and took
     * 2.6× as long per task as at 10 connections, against 1.46× with 100,000, while the host's
     * CPU per task hardly changed. {@code -Dmirai4j.bench.scale.tasks=N} for an investigation.
     */
    static final int TASKS = Integer.getInteger("mirai4j.bench.scale.tasks", 100_000);
    /** Timed rounds per connection count. */
    static final int ROUNDS = 3;
    /**
     * The profile's heartbeat. At the default 2 s, 10,000 daemons mean 5,000 heartbeat frames a
     * second each way (the emulator answers each), and on a loaded 2-core VM a daemon whose
     * answer waits 6 s behind the handshakes of the others is dropped as silent: 20 s keeps the
     * heartbeat on without making it the figure.
     */
    static final Duration HEARTBEAT = Duration.ofSeconds(20);
    /** Selector threads of the emulator JVM. */
    static final int EMULATOR_THREADS = 2;

    @Override
    public String name() {
        return "scale_task_10000_vs_10_x";
    }

    @Override
    public String description() {
        return "host dispatcher with 10..10,000 emulated protocol-level daemons in one child JVM: connect ms,"
            + " µs per task, heap KiB per connection (full mode only)";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        Map<String, Double> r = new LinkedHashMap<>();
        if (mode.isQuick()) {
            // n/a in the table (not "no measurement registered"), left out of the JSON.
            System.err.println("[bench] " + name() + ": full mode only, skipped in --quick");
            r.put(name(), Double.NaN);
            return r;
        }
        for (int n : COUNTS) {
            r.putAll(one(n));
        }
        if (r.containsKey("scale_10_task_us") && r.containsKey("scale_10000_task_us")) {
            r.put(name(), r.get("scale_10000_task_us") / r.get("scale_10_task_us"));
            r.put("scale_host_cpu_10000_vs_10_x", r.get("scale_10000_host_cpu_us") / r.get("scale_10_host_cpu_us"));
        }
        return r;
    }

    private static Map<String, Double> one(int n) throws Exception {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        String secret = HexFormat.of().formatHex(bytes);
        Opts opts = Opts.compute(COMPUTE);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Daemons d = null;
        try {
            d = Daemons.builder().compute(COMPUTE).url("tcp://127.0.0.1:0").secret(secret).n(0)
                .heartbeat(HEARTBEAT).start();
            try (ChildJvm emulator = ChildJvm.start(DaemonEmulator.class,
                List.of("-Xms256m", "-Xmx1g", "-XX:+UseParallelGC", "-Xss512k"),
                d.url(), Integer.toString(n), Integer.toString(EMULATOR_THREADS))) {
                long heapBefore = usedHeapAfterGc(memory);
                OutputStream stdin = emulator.process().getOutputStream();
                long t0 = System.nanoTime();
                // The emulator's JVM start is not the host's cost: the clock runs from the secret,
                // which is all it waits for before dialling.
                stdin.write((secret + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                MiraiBench.awaitCondition(() -> MiraiBench.connections(COMPUTE) >= n, Duration.ofMillis(5),
                    Duration.ofMinutes(5), n + " emulated daemons connected (" + MiraiBench.connections(COMPUTE)
                        + " so far)");
                double connectMs = (System.nanoTime() - t0) / 1e6;
                String line = emulator.awaitLine("", Duration.ofSeconds(30));
                if (!line.startsWith("CONNECTED ")) {
                    throw new IOException("emulator of " + n + " daemons: " + line);
                }
                double heapPerConnKib = (usedHeapAfterGc(memory) - heapBefore) / 1024.0 / n;
                MiraiBench.throughput(opts, TASKS / 4);
                double[] us = new double[ROUNDS];
                long hostCpu0 = hostCpuNanos();
                long emulatorCpu0 = cpuNanos(emulator.process().toHandle());
                for (int i = 0; i < ROUNDS; i++) {
                    us[i] = 1e6 / MiraiBench.throughput(opts, TASKS);
                }
                // CPU per task, unlike wall time, hardly moves with what else runs on the machine,
                // and says which side a growth is on.
                double hostCpuUs = (hostCpuNanos() - hostCpu0) / 1e3 / (ROUNDS * (double) TASKS);
                double emulatorCpuUs = (cpuNanos(emulator.process().toHandle()) - emulatorCpu0) / 1e3
                    / (ROUNDS * (double) TASKS);
                Map<String, Double> r = new LinkedHashMap<>();
                String p = "scale_" + n;
                r.put(p + "_connect_ms", connectMs);
                r.put(p + "_task_us", Stats.median(us));
                r.put(p + "_task_min_us", java.util.Arrays.stream(us).min().orElseThrow());
                r.put(p + "_task_max_us", java.util.Arrays.stream(us).max().orElseThrow());
                r.put(p + "_host_cpu_us", hostCpuUs);
                r.put(p + "_emulator_cpu_us", emulatorCpuUs);
                r.put(p + "_heap_per_conn_kib", heapPerConnKib);
                System.err.printf(java.util.Locale.ROOT, "[bench] scale %d: connected in %.0f ms (emulator: %s),"
                    + " %.1f µs/task (%s), CPU per task %.1f µs host, %.1f µs emulator, %.1f KiB heap per"
                    + " connection%n", n, connectMs, line, Stats.median(us), java.util.Arrays.toString(us),
                    hostCpuUs, emulatorCpuUs, heapPerConnKib);
                return r;
            }
        } finally {
            MiraiBench.closeQuietly(d);
        }
    }

    /** CPU time of this JVM, all threads, ns. */
    private static long hostCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    /** CPU time of a process, ns (0 where the platform does not say). */
    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Used heap after two full collections (the second catches what the first finalized). */
    private static long usedHeapAfterGc(MemoryMXBean memory) {
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
