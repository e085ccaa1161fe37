/**
 * mirai4j figures, each judged (where {@link org.mirai4j.bench.Targets} has a target) against
 * the floors of {@link org.mirai4j.bench.floor} measured in the same run.
 *
 * <p>The harness runs every measurement in one JVM, so each owns a compute profile of its own
 * name ({@code bench-…}), passes {@code Opts.compute(name)} to every mirai, and closes its
 * {@link org.mirai4j.Daemons} in a {@code finally} block. Every wait is bounded
 * ({@code MiraiBench.get}: 30 s per mirai unless stated), so a hang in mirai4j-core surfaces as a
 * {@link java.util.concurrent.TimeoutException} naming what was awaited.
 * <ul>
 *   <li>{@code direct_tcp_rtt_us}(+{@code _p99}): {@link org.mirai4j.bench.mirai.DirectTcpRtt}</li>
 *   <li>{@code direct_ipc_rtt_us}(+{@code _p99}): {@link org.mirai4j.bench.mirai.DirectIpcRtt}</li>
 *   <li>{@code dispatcher_rtt_us}(+{@code _p99}): {@link org.mirai4j.bench.mirai.DispatcherRtt}</li>
 *   <li>{@code payload_80mb_s}: {@link org.mirai4j.bench.mirai.Payload80Mb}</li>
 *   <li>{@code start2_ms}: {@link org.mirai4j.bench.mirai.Start2}</li>
 *   <li>{@code idle_daemon_rss_mb}: {@link org.mirai4j.bench.mirai.IdleDaemonRss}</li>
 *   <li>{@code ephemeral_ms}: {@link org.mirai4j.bench.mirai.Ephemeral}</li>
 *   <li>{@code throughput_2_tps}: {@link org.mirai4j.bench.mirai.Throughput2}</li>
 *   <li>{@code throughput_1000_tps} (+{@code _daemons}, {@code _connect_ms}):
 *       {@link org.mirai4j.bench.mirai.Throughput1000}</li>
 *   <li>{@code cancel_free_ms}: {@link org.mirai4j.bench.mirai.CancelFree}</li>
 * </ul>
 *
 * <p>Run them all (after the floors): {@code java -jar mirai4j-bench/target/mirai4j-bench.jar
 * [--quick]}. Baselines are in each class; the sandbox they were taken on is described in
 * {@link org.mirai4j.bench.floor}. The baselines were all taken while other
 * builds kept the machine busy (1-min load 4–19 on 2 vCPUs); a quick run of everything took
 * 46–62 s there, a full run 199 s.
 */
package org.mirai4j.bench.mirai;
