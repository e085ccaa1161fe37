package org.mirai4j.bench.mirai;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.mirai4j.Daemon;
import org.mirai4j.DaemonOptions;
import org.mirai4j.Daemons;
import org.mirai4j.Opts;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;

/**
 * {@code throughput_1000_tps}: no-op tasks per second through 1,000 lightweight daemons behind
 * the dispatcher. The daemons run in this JVM, each
 * {@code Daemon.run(url, DaemonOptions.builder().secret(secret).build())} on its own thread
 * (256 KiB stack), dialing a profile started with
 * {@code Daemons.builder().compute("bench-throughput-1000").url("tcp://127.0.0.1:0").secret(secret).n(0)};
 * once all are connected (bounded wait, polled every 10 ms), submit all tasks, then get them all;
 * tasks/s from the first submission to the last value. Full: 1,000 daemons, 100,000 tasks after
 * a 10,000-task warm-up. <b>Quick: 200 daemons</b> and 20,000 tasks after a 2,000-task warm-up.
 * Closing the profile drops the connections and every daemon thread returns from
 * {@code Daemon.run}; the measurement fails if one is still running 10 s later or one failed.
 * Also reports {@code throughput_1000_daemons} (how many daemons were used) and
 * {@code throughput_1000_connect_ms} (from starting the daemon threads to all connected).
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only throughput_1000_tps [--quick]}.
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15, 2026-11, with other sessions' Maven builds running
 * (1-min load 4–19, so every figure is on the busy side of the bimodal floors described in {@link
 * org.mirai4j.bench.floor})): quick (200 daemons) 5,501–6,817 tasks/s, all connected in 0.77–1.0 s;
 * full (1,000 daemons) 4,995–7,223 tasks/s, all connected in 3.2–4.8 s.
 */
public final class Throughput1000 implements Measurement {

    /** The compute profile this measurement owns. */
    static final String COMPUTE = "bench-throughput-1000";

    @Override
    public String name() {
        return "throughput_1000_tps";
    }

    @Override
    public String description() {
        return "no-op mirai over 1,000 in-process daemons (quick: 200) with dispatcher, submit all then"
            + " get all; tasks/s";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        int daemons = mode.pick(200, 1_000);
        int warmup = mode.pick(2_000, 10_000);
        int tasks = mode.pick(20_000, 100_000);
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        String secret = HexFormat.of().formatHex(bytes);
        Opts opts = Opts.compute(COMPUTE);
        List<Thread> threads = new ArrayList<>(daemons);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Daemons d = null;
        try {
            d = Daemons.builder().compute(COMPUTE).url("tcp://127.0.0.1:0").secret(secret).n(0).start();
            String url = d.url();
            DaemonOptions options = DaemonOptions.builder().secret(secret).build();
            long t0 = System.nanoTime();
            for (int i = 0; i < daemons; i++) {
                Runnable r = () -> {
                    try {
                        Daemon.run(url, options);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                };
                Thread t = new Thread(null, r, "bench-daemon-" + i, 256 * 1024);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            MiraiBench.awaitCondition(() -> MiraiBench.connections(COMPUTE) >= daemons || !failures.isEmpty(),
                Duration.ofMillis(10), Duration.ofSeconds(mode.pick(30, 120)),
                daemons + " in-process daemons connected (" + MiraiBench.connections(COMPUTE) + " so far)");
            if (!failures.isEmpty()) {
                throw new IllegalStateException(failures.size() + " in-process daemon(s) failed; first: "
                    + failures.peek(), failures.peek());
            }
            double connectMs = (System.nanoTime() - t0) / 1e6;
            MiraiBench.throughput(opts, warmup);
            double tps = MiraiBench.throughput(opts, tasks);
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("throughput_1000_tps", tps);
            r.put("throughput_1000_daemons", (double) daemons);
            r.put("throughput_1000_connect_ms", connectMs);
            MiraiBench.closeQuietly(d);
            d = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (Thread t : threads) {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            int alive = 0;
            for (Thread t : threads) {
                alive += t.isAlive() ? 1 : 0;
            }
            if (alive > 0) {
                throw new IllegalStateException(alive + " of " + daemons
                    + " in-process daemon thread(s) still in Daemon.run 10 s after the profile closed");
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException(failures.size() + " in-process daemon(s) failed; first: "
                    + failures.peek(), failures.peek());
            }
            return r;
        } finally {
            MiraiBench.closeQuietly(d);
            for (Thread t : threads) {
                if (t.isAlive()) {
                    t.interrupt();
                }
            }
        }
    }
}
