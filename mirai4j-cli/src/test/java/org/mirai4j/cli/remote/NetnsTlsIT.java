package org.mirai4j.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.launch.DaemonCommand;

/**
 * Host and daemon on two "machines": network namespaces {@code m4jA} (10.200.0.1) and {@code m4jB}
 * (10.200.0.2) of {@code .ci/infra/netns.sh}, joined only by a veth pair. The host
 * ({@link NetnsHostMain}, a child JVM in m4jA) listens at {@code tls+tcp://10.200.0.1:0} with
 * zero-config TLS and launches the daemon through
 * {@code RemoteConfig.command("ip", ["netns", "exec", "m4jB", "."], false)}; the daemon runs the
 * shaded jar and gets the host-only lambda's classes and the certificate from the host. Maven and
 * this test JVM stay in the root namespace.
 */
class NetnsTlsIT {
  final String marker = RemoteIt.newMarker();
  Process host;

  @TempDir
  Path dir;

  @BeforeAll
  static void netns() {
    RemoteIt.requireNetns();
  }

  @AfterEach
  void leaveNothingRunning() {
    if (host != null) {
      host.destroyForcibly();
    }
    RemoteIt.killAll(marker);
  }

  @Test
  void aTlsHostInOneNamespaceRunsAHostOnlyLambdaOnADaemonInTheOther() throws Exception {
    long t0 = System.nanoTime();
    Path out = dir.resolve("host.out");
    host = new ProcessBuilder("ip", "netns", "exec", "m4jA", RemoteIt.java(), "-cp", DaemonCommand.classPath(),
        NetnsHostMain.class.getName(), RemoteIt.daemonCommand(marker))
        .redirectErrorStream(true).redirectOutput(out.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    if (!host.waitFor(120, TimeUnit.SECONDS)) {
      host.destroyForcibly();
      fail("the host in m4jA did not finish within 120 s; its output:\n" + Files.readString(out));
    }
    String output = Files.readString(out);
    System.out.println("[netns] host exited " + host.exitValue() + " after " + RemoteIt.since(t0) + ":\n" + output);
    assertThat(host.exitValue()).as("host exit code; output:\n" + output).isZero();

    Map<String, String> kv = new LinkedHashMap<>();
    output.lines().filter(l -> l.matches("[A-Z_]+ .*"))
        .forEach(l -> kv.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));
    assertThat(kv.get("URL")).startsWith("tls+tcp://10.200.0.1:");
    assertThat(kv.get("TLSCERT_INLINE")).isEqualTo("true");
    assertThat(kv.get("COMMAND_PREFIX")).isEqualTo("ip netns exec m4jB " + RemoteIt.daemonCommand(marker));
    assertThat(kv.get("RESULT")).isEqualTo("42.0");
    assertThat(kv.get("DAEMON_PID")).isNotEqualTo(kv.get("HOST_PID"))
        .isNotEqualTo(Long.toString(ProcessHandle.current().pid()));
    // the lambda really ran in m4jB and the host really listened in m4jA
    assertThat(kv.get("HOST_NETNS")).isEqualTo(netnsOf("m4jA"));
    assertThat(kv.get("DAEMON_NETNS")).isEqualTo(netnsOf("m4jB")).isNotEqualTo(kv.get("HOST_NETNS"));
    RemoteIt.awaitGone(marker, Duration.ofSeconds(10));
  }

  /** {@code net:[inode]} of a named namespace, as /proc/PID/ns/net of a process inside it reads. */
  static String netnsOf(String ns) {
    RemoteIt.Ran r = RemoteIt.run(Map.of(), Duration.ofSeconds(10), "ip", "netns", "exec", ns,
        "readlink", "/proc/self/ns/net");
    assertThat(r.code()).as(r.stderr()).isZero();
    return r.stdout().strip();
  }
}
