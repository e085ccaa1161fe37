package org.mirai4j.bench.mirai;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.bench.Measurement;
import org.mirai4j.bench.Mode;
import org.mirai4j.bench.ProcessRss;

/**
 * {@code idle_daemon_rss_mb}: resident set size (VmRSS, MiB) of a daemon JVM that has run one
 * trivial task and then idled for 1 s. Profile
 * {@code Daemons.builder().compute("bench-idle-rss").n(1)} (default ipc:// URL, dispatcher on);
 * the daemon's pid comes from {@code Mirai.mirai(() -> ProcessHandle.current().pid(), opts)}.
 * Quick and full are the same single reading.
 *
 * <p>Run: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only idle_daemon_rss_mb}.
 *
 * <p>Baseline (2-core sandbox VM, OpenJDK 17.0.15, 2026-11, with other sessions' Maven builds running
 * (1-min load 4–19, so every figure is on the busy side of the bimodal floors described in {@link
 * org.mirai4j.bench.floor})): 44.8–45.4 MiB in every run, quick and full (target ≤ 64 MiB).
 */
public final class IdleDaemonRss implements Measurement {

    /** The compute profile this measurement owns. */
    static final String COMPUTE = "bench-idle-rss";

    @Override
    public String name() {
        return "idle_daemon_rss_mb";
    }

    @Override
    public String description() {
        return "VmRSS of a daemon JVM after one trivial task and 1 s idle, MiB";
    }

    @Override
    public Map<String, Double> run(Mode mode) throws Exception {
        Daemons d = null;
        try {
            d = Daemons.builder().compute(COMPUTE).n(1).start();
            long pid = MiraiBench.get(Mirai.mirai(() -> ProcessHandle.current().pid(), Opts.compute(COMPUTE)),
                "daemon pid");
            if (pid == ProcessHandle.current().pid()) {
                throw new IllegalStateException("the task ran in the host JVM (pid " + pid + ")");
            }
            Thread.sleep(1_000);
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("idle_daemon_rss_mb", ProcessRss.rssMb(pid));
            return r;
        } finally {
            MiraiBench.closeQuietly(d);
        }
    }
}
