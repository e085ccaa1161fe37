package org.mirai4j.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The target table: figure name → {@link Target}.
 *
 * <p>Ratio targets are judged against floor figures measured in the same run (see
 * {@link org.mirai4j.bench.floor}), so they hold on any machine. Units follow the figure-name
 * convention of {@link Units}: {@code _mbps} is MB/s with MB = 10<sup>6</sup> bytes, {@code _s}
 * seconds, {@code _mb} MiB.
 *
 * <p>To add a target, add one {@code t.put(...)} line below.
 */
public final class Targets {

    /** The project's targets, in table order. Unmodifiable. */
    public static final Map<String, Target> DEFAULT;

    static {
        Map<String, Target> t = new LinkedHashMap<>();
        // Round trip of a trivial task through a daemon connected directly to the host.
        t.put("direct_tcp_rtt_us", Target.maxRatio("floor_tcp_rtt_us", 2.0));
        // Same, routed through the dispatcher.
        t.put("dispatcher_rtt_us", Target.maxRatio("floor_tcp_rtt_us", 3.0));
        // Dispatcher round trip with TLS on.
        t.put("tls_rtt_us", Target.maxRatio("dispatcher_rtt_us", 1.5));
        // Seconds to send 80 MB to a daemon and get 80 MB back (160 MB moved, MB = 10^6 bytes),
        // at >= 50% of the floor bulk rate: payload_80mb_s <= 160 / (0.5 * floor_bulk_mbps).
        t.put("payload_80mb_s", Target.minRateFraction(160.0, "floor_bulk_mbps", 0.5));
        // Milliseconds from launching two daemons to both being connected.
        t.put("start2_ms", Target.max(600));
        // Resident set size of an idle daemon JVM, MiB.
        t.put("idle_daemon_rss_mb", Target.max(64));
        // Trivial tasks per second through 2 daemons.
        t.put("throughput_2_tps", Target.min(25_000));
        // Milliseconds from cancelling a running task to its daemon being free again.
        t.put("cancel_free_ms", Target.max(1));
        // Tails: every round trip's p99 within 5x its median (judged as p99 / median of the same run).
        t.put("direct_tcp_rtt_us_p99", Target.maxRatio("direct_tcp_rtt_us", 5.0));
        t.put("direct_ipc_rtt_us_p99", Target.maxRatio("direct_ipc_rtt_us", 5.0));
        t.put("dispatcher_rtt_us_p99", Target.maxRatio("dispatcher_rtt_us", 5.0));
        t.put("tls_rtt_us_p99", Target.maxRatio("tls_rtt_us", 5.0));
        t.put("cancel_free_ms_p99", Target.maxRatio("cancel_free_ms", 5.0));
        // Per-task dispatch cost with 10,000 connected daemons over that with 10 (full mode only).
        t.put("scale_task_10000_vs_10_x", Target.max(2));
        // Items per second of a map of 1,000,000 one-microsecond items over 2 daemons, chunked.
        t.put("map_tiny_2_ips", Target.min(200_000));
        DEFAULT = Collections.unmodifiableMap(t);
    }

    private Targets() {
    }
}
