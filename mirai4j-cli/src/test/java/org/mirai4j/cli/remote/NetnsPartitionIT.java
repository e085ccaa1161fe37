package org.mirai4j.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.Daemons;
import org.mirai4j.launch.DaemonCommand;

/**
 * A silent partition between two "machines": the host ({@link NetnsPartitionHostMain}, a child JVM
 * in namespace {@code m4jA}) and a persistent daemon in {@code m4jB} over {@code tcp://}, default
 * heartbeat. nftables drop rules in m4jB cut both directions ({@code .ci/infra/nft.sh}); the link
 * sees silence, not a reset, as when a switch dies. A cut shorter than three heartbeats loses
 * nothing; a 30 s cut resolves the running mirai to CONNECTION_RESET within the heartbeat bound,
 * the daemon drops the host too, and redials and serves once the link heals.
 */
class NetnsPartitionIT {
  private static final Duration HEARTBEAT = Daemons.DEFAULT_HEARTBEAT;
  /** Three silent intervals, plus generous slack for a noisy CI machine. */
  private static final Duration BOUND = HEARTBEAT.multipliedBy(3).plusSeconds(6);
  private static final String TABLE = "m4jpart";
  private static final String RULES = "table inet " + TABLE + " {\n"
      + "  chain in { type filter hook input priority 0; policy drop; iif lo accept; }\n"
      + "  chain out { type filter hook output priority 0; policy drop; oif lo accept; }\n"
      + "}\n";

  final String marker = RemoteIt.newMarker();
  Process host;
  boolean partitioned;

  @TempDir
  Path dir;

  @BeforeAll
  static void netnsAndNft() {
    RemoteIt.requireNetns();
    RemoteIt.requireNft();
  }

  @AfterEach
  void healAndLeaveNothingRunning() {
    if (partitioned) {
      heal();
    }
    if (host != null) {
      host.destroyForcibly();
    }
    RemoteIt.killAll(marker);
  }

  @Test
  void aShortPartitionLosesNothingAndALongOneResetsTheTaskOnBothSidesThenThePersistentDaemonServesAgain()
      throws Exception {
    long start = System.nanoTime();
    host = new ProcessBuilder("ip", "netns", "exec", "m4jA", RemoteIt.java(), "-cp", DaemonCommand.classPath(),
        NetnsPartitionHostMain.class.getName(), RemoteIt.daemonCommand(marker))
        .redirectErrorStream(true).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = out.readLine()) != null; ) {
          System.out.println("[partition host] " + l);
          lines.add(l);
        }
      } catch (java.io.IOException ignored) {
        // the host ended
      }
    }, "partition-host-output");
    reader.setDaemon(true);
    reader.start();
    PrintWriter cues = new PrintWriter(host.getOutputStream(), true, StandardCharsets.UTF_8);

    String url = expect(lines, "URL");
    int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    long daemonPid = Long.parseLong(expect(lines, "DAEMON_PID"));
    assertThat(RemoteIt.processes(marker)).contains(daemonPid);
    assertThat(daemonConnections(port)).isEqualTo(1);

    // 1. 2 s, under three heartbeats: TCP retransmits across the cut and nothing is lost.
    expect(lines, "RUNNING short");
    long cut = System.nanoTime();
    partition();
    Thread.sleep(2_000); // the fault itself: the link stays cut for 2 s
    heal();
    double shortCut = (System.nanoTime() - cut) / 1e9;
    assertThat(expect(lines, "SHORT_RESULT")).isEqualTo(Long.toString(daemonPid));
    System.out.printf("[partition] %.2f s cut during a running task: its value arrived after the heal%n",
        shortCut);

    // 2. 30 s: both sides find the other silent and drop it.
    expect(lines, "RUNNING long");
    long t0 = System.nanoTime();
    partition();
    cues.println("PARTITIONED");
    Awaitility.await("the daemon in m4jB drops its connection").atMost(BOUND.multipliedBy(2))
        .pollInterval(Duration.ofMillis(50)).until(() -> daemonConnections(port) == 0);
    double daemonNoticed = (System.nanoTime() - t0) / 1e9;
    String[] outcome = expect(lines, "LONG_OUTCOME").split(" ");
    double hostNoticed = Double.parseDouble(outcome[1]);
    assertThat(expect(lines, "CONNECTIONS")).isEqualTo("0");
    Awaitility.await("30 s of partition").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50))
        .until(() -> System.nanoTime() - t0 >= TimeUnit.SECONDS.toNanos(30));
    heal();
    double longCut = (System.nanoTime() - t0) / 1e9;
    cues.println("HEALED");
    double reconnected = Double.parseDouble(expect(lines, "RECONNECTED"));
    assertThat(expect(lines, "SERVED_BY")).isEqualTo(Long.toString(daemonPid));
    expect(lines, "DONE");
    assertThat(host.waitFor(60, TimeUnit.SECONDS)).isTrue();
    System.out.printf("[partition] %.1f s cut (heartbeat %d ms, bound %d s): the host resolved the running"
            + " mirai to %s after %.2f s, the daemon dropped the host after %.2f s; after the heal the"
            + " persistent daemon %d redialed in %.2f s and served again; %.1f s in all%n",
        longCut, HEARTBEAT.toMillis(), BOUND.toSeconds(), outcome[0], hostNoticed, daemonNoticed, daemonPid,
        reconnected, (System.nanoTime() - start) / 1e9);
    assertThat(outcome[0]).isEqualTo("CONNECTION_RESET");
    assertThat(hostNoticed).isGreaterThan(HEARTBEAT.toSeconds()).isLessThan(BOUND.toSeconds());
    assertThat(daemonNoticed).isGreaterThan(HEARTBEAT.toSeconds()).isLessThan(BOUND.toSeconds());
    assertThat(host.exitValue()).isZero();
    RemoteIt.awaitGone(marker, Duration.ofSeconds(30));
  }

  /** Established connections from m4jB to the host's port (the daemon's side of the link). */
  private static int daemonConnections(int port) {
    RemoteIt.Ran r = RemoteIt.run(Map.of(), Duration.ofSeconds(10), "ip", "netns", "exec", "m4jB",
        "ss", "-Htn", "state", "established", "dst", "10.200.0.1", "dport", "=", ":" + port);
    assertThat(r.code()).as(r.stderr()).isZero();
    return (int) r.stdout().lines().filter(l -> !l.isBlank()).count();
  }

  private void partition() throws Exception {
    Path rules = dir.resolve("partition.nft");
    Files.writeString(rules, RULES);
    RemoteIt.Ran r = RemoteIt.run(Map.of(), Duration.ofSeconds(10), "ip", "netns", "exec", "m4jB",
        "nft", "-f", rules.toString());
    assertThat(r.code()).as("nft: %s", r.stderr()).isZero();
    partitioned = true;
  }

  private void heal() {
    RemoteIt.Ran r = RemoteIt.run(Map.of(), Duration.ofSeconds(10), "ip", "netns", "exec", "m4jB",
        "nft", "delete", "table", "inet", TABLE);
    assertThat(r.code()).as("nft: %s", r.stderr()).isZero();
    partitioned = false;
  }

  /** The rest of the host's next line starting with {@code key}; fails after 120 s. */
  private String expect(BlockingQueue<String> lines, String key) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertThat(line).as("the host printed %s within 120 s (alive: %s)", key, host.isAlive()).isNotNull();
      if (line.startsWith(key)) {
        return line.substring(key.length()).strip();
      }
    }
  }
}
