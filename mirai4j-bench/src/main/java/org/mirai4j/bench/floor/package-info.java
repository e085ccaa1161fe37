/**
 * Floor figures: what plain JDK I/O and threading achieve on this machine, measured in the same
 * run as the mirai4j figures so targets are ratios that hold on any machine.
 *
 * <p>The network floors talk to an {@link org.mirai4j.bench.floor.EchoServer} in a child JVM
 * (started by {@link org.mirai4j.bench.floor.EchoChild}, same {@code java} and class path), so
 * like mirai4j they cross a process boundary:
 * <ul>
 *   <li>{@code floor_tcp_rtt_us}, {@code floor_tcp_rtt_us_p99}: {@link org.mirai4j.bench.floor.TcpRttFloor}</li>
 *   <li>{@code floor_uds_rtt_us}, {@code floor_uds_rtt_us_p99}: {@link org.mirai4j.bench.floor.UdsRttFloor}</li>
 *   <li>{@code floor_bulk_mbps}: {@link org.mirai4j.bench.floor.BulkFloor}</li>
 *   <li>{@code floor_executor_handoff_us}, {@code floor_executor_handoff_us_p99}:
 *       {@link org.mirai4j.bench.floor.ExecutorHandoffFloor} (in process)</li>
 * </ul>
 *
 * <p>Run all: {@code java -jar mirai4j-bench/target/mirai4j-bench.jar --only
 * floor_tcp_rtt_us,floor_uds_rtt_us,floor_bulk_mbps,floor_executor_handoff_us [--quick]}.
 *
 * <p>Baselines on the development sandbox (2-core Firecracker VM (AMD EPYC, nested virtualisation, cpuidle haltpoll with polling off), Linux 6.18, OpenJDK 17.0.15, 2026-11). The figures are
 * bimodal: when the machine is otherwise idle an idle vCPU halts and every cross-thread or
 * cross-process wake-up pays a slow hypervisor round trip; when other work keeps both vCPUs busy
 * wake-ups are about 5× cheaper. Compare mirai4j figures only with floors from the same run
 * (which is what the ratio targets do), and heed the harness's load-average warning.
 * <table>
 *   <caption>Floor baselines</caption>
 *   <tr><th>figure</th><th>quick, machine idle (load ≈ 1.2)</th><th>quick, machine busy
 *       (load 2–6)</th><th>full (load 4 → 1.5)</th></tr>
 *   <tr><td>floor_tcp_rtt_us (p99)</td><td>110–119 µs (390–545)</td><td>21.5–24.4 µs (48–82)</td>
 *       <td>32.1 µs (746)</td></tr>
 *   <tr><td>floor_uds_rtt_us (p99)</td><td>56–59 µs (153–164)</td><td>15.7–16.4 µs (42–46)</td>
 *       <td>70.4 µs (165)</td></tr>
 *   <tr><td>floor_bulk_mbps</td><td>1375–1581 MB/s</td><td>525–620 MB/s</td><td>1515 MB/s</td></tr>
 *   <tr><td>floor_executor_handoff_us (p99)</td><td>75–85 µs (182–231)</td><td>9.3–9.6 µs (23–24)</td>
 *       <td>80.4 µs (214)</td></tr>
 * </table>
 * A quick run of the four floors takes about 14 s, a full run about 110 s.
 */
package org.mirai4j.bench.floor;
