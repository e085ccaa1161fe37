package org.mirai4j.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.Status;

/**
 * What the remote-daemon ITs share: the real services of {@code .ci/infra/*.sh} (an IT whose
 * service is absent fails when {@code CI=true}, else it is skipped naming the script to run), the
 * daemon command that runs the shaded {@code mirai4j-cli.jar} (which holds none of the test
 * classes), and host-only types that daemons can only get from the host.
 */
final class RemoteIt {
  static final Path STATE = Path.of("/var/lib/mirai4j-test");
  /** ssh client configuration of {@code .ci/infra/sshd.sh}: Host {@code testhost} = root@127.0.0.1:2222. */
  static final Path SSH_CONFIG = STATE.resolve("sshd/ssh_config");
  static final List<String> SSH_OPTS = List.of("-F", SSH_CONFIG.toString());
  static final Path SGE_ENV = STATE.resolve("sge.env");

  private RemoteIt() {}

  // ---- host-only types: not in mirai4j-cli.jar, so a daemon gets them from the host ----

  /** A value type only the test class path has. */
  record Shape(String name, double width, double height) implements Serializable {
    double area() {
      return width * height;
    }
  }

  /** What a task sends back: a value and the pid of the JVM that computed it. */
  record Answer(String label, double value, long pid) implements Serializable {}

  // ---- the far side's daemon command ----

  /** The shaded all-in-one jar built by the package phase (failsafe passes its path). */
  static Path cliJar() {
    Path jar = Paths.get(System.getProperty("mirai4j.cli.jar", "target/mirai4j-cli.jar")).toAbsolutePath();
    assertThat(jar).as("the shaded jar (built by `package`)").isRegularFile();
    return jar;
  }

  /** This JVM's java, absolute, so that it works where PATH differs (batch jobs). */
  static String java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A marker unique to one test, put on the daemon's command line so pgrep finds exactly its processes. */
  static String newMarker() {
    return "m4jit" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** {@code java -Dm4j.it=<marker> -jar <mirai4j-cli.jar>}: the CLI, with nothing of the tests. */
  static String daemonCommand(String marker) {
    return java() + " -Dm4j.it=" + marker + " -jar " + cliJar();
  }

  // ---- waiting ----

  static int connections(String compute) {
    Status s = Daemons.status(compute);
    return s == null ? -1 : s.connections();
  }

  static void awaitConnections(String compute, int n, Duration atMost) {
    await("daemons of " + compute + " connected").atMost(atMost).pollInterval(Duration.ofMillis(100))
        .until(() -> connections(compute) == n);
  }

  /** Processes whose command line holds {@code marker} (pgrep -f), one pid per line; empty if none. */
  static List<Long> processes(String marker) {
    String out = run(Map.of(), Duration.ofSeconds(10), "pgrep", "-f", marker).stdout();
    return out.lines().filter(l -> !l.isBlank()).map(String::strip).map(Long::valueOf).toList();
  }

  /** Waits until no process carries {@code marker}; on timeout kills the leftovers (ours) and fails. */
  static void awaitGone(String marker, Duration atMost) {
    try {
      await("processes with " + marker + " gone").atMost(atMost).pollInterval(Duration.ofMillis(100))
          .until(() -> processes(marker).isEmpty());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      List<Long> left = killAll(marker);
      fail("still running after " + atMost.toSeconds() + " s (killed now): " + left, e);
    }
  }

  /** Kills the processes carrying {@code marker} (this test's own, by pid). */
  static List<Long> killAll(String marker) {
    List<Long> left = processes(marker);
    for (long pid : left) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    return left;
  }

  // ---- running tools ----

  record Ran(int code, String stdout, String stderr) {}

  /** Runs {@code argv} with extra environment, bounded; code -1 when it could not run or timed out. */
  static Ran run(Map<String, String> env, Duration timeout, String... argv) {
    try {
      Path out = Files.createTempFile("m4jit", ".out");
      Path err = Files.createTempFile("m4jit", ".err");
      try {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          return new Ran(-1, Files.readString(out), "timed out; " + Files.readString(err));
        }
        return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      return new Ran(-1, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Ran(-1, "", e.toString());
    }
  }

  private static boolean runs(Map<String, String> env, String... argv) {
    return run(env, Duration.ofSeconds(20), argv).code() == 0;
  }

  // ---- the services ----

  static void requireSshd() {
    if (!Files.isReadable(SSH_CONFIG)) {
      require(false, "sshd on 127.0.0.1:2222 (no " + SSH_CONFIG + ")", "sshd.sh");
    }
    Ran probe = run(Map.of(), Duration.ofSeconds(20), "ssh", "-F", SSH_CONFIG.toString(), "-o", "ConnectTimeout=5",
        "testhost", "true");
    require(probe.code() == 0, "sshd on 127.0.0.1:2222 (ssh testhost: " + probe.stderr().strip() + ")", "sshd.sh");
  }

  static void requireSlurm() {
    require(runs(Map.of(), "scontrol", "ping")
            && runs(Map.of(), "sh", "-c", "sinfo -h -N -o %T | grep -Eq '^(idle|mixed|allocated)'"),
        "Slurm (slurmctld + slurmd, node idle)", "slurm.sh");
  }

  static Map<String, String> requireSge() {
    Map<String, String> env = Files.isReadable(SGE_ENV) ? readEnv(SGE_ENV) : Map.of();
    require(!env.isEmpty() && runs(env, "qstat", "-f"), "Grid Engine (sge_qmaster + sge_execd)", "sge.sh");
    return env;
  }

  static void requireNetns() {
    require(run(Map.of(), Duration.ofSeconds(10), "ip", "-n", "m4jA", "addr").stdout().contains("inet 10.200.0.1/")
            && run(Map.of(), Duration.ofSeconds(10), "ip", "-n", "m4jB", "addr").stdout().contains("inet 10.200.0.2/"),
        "network namespaces m4jA 10.200.0.1 <-> m4jB 10.200.0.2", "netns.sh");
  }

  /** nftables usable inside m4jB ({@code .ci/infra/nft.sh}), for partitions. */
  static void requireNft() {
    Ran r = run(Map.of(), Duration.ofSeconds(10), "ip", "netns", "exec", "m4jB", "nft", "list", "tables");
    require(r.code() == 0, "nftables in m4jB (" + r.stderr().strip() + ")", "nft.sh");
  }

  private static void require(boolean present, String what, String script) {
    if (present) {
      return;
    }
    String msg = what + " is not running: run `sudo bash .ci/infra/" + script + " up` (or .ci/infra/all.sh up)";
    if ("true".equals(System.getenv("CI"))) {
      fail("CI=true and " + msg);
    }
    System.err.println("SKIPPED: " + msg); // a class-level abort shows in failsafe's report only as "Tests run: 0"
    Assumptions.abort(msg);
  }

  /** KEY=VALUE lines. */
  static Map<String, String> readEnv(Path file) {
    Map<String, String> env = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("#")) {
          env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return env;
  }

  /**
   * Runs 30 tasks built from host-only classes through a profile (50 ms each, so every daemon
   * gets work) and checks their values, their order, and that they ran on the marked daemons.
   *
   * @return the daemon pids that ran them
   */
  static Set<Long> runThirtyHostOnlyTasks(String compute, String marker) throws Exception {
    Shape unit = new Shape("tile", 1, 1);
    List<Answer> answers = Mirai.map(IntStream.rangeClosed(1, 30).boxed().toList(), (Integer i) -> {
      Thread.sleep(50); // work long enough that the dispatcher hands some to every daemon
      Shape s = new Shape(unit.name() + i, i, 2);
      return new Answer(s.name(), s.area(), ProcessHandle.current().pid());
    }, Opts.compute(compute)).collect();
    assertThat(answers).extracting(Answer::value)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 30).mapToObj(i -> 2.0 * i).toList());
    assertThat(answers).extracting(Answer::label)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 30).mapToObj(i -> "tile" + i).toList());
    Set<Long> pids = answers.stream().map(Answer::pid).collect(Collectors.toSet());
    assertThat(pids).hasSizeGreaterThan(1).doesNotContain(ProcessHandle.current().pid());
    assertThat(processes(marker)).containsAll(pids);
    return pids;
  }

  /**
   * Asks every connected daemon of a profile for its pid ({@code everywhere}) and checks there are
   * {@code n}, all distinct, all carrying the marker (the daemons', not some other JVM's).
   *
   * @return the pids
   */
  static Set<Long> distinctDaemonPids(String compute, String marker, int n) throws Exception {
    List<Object> pids = Mirai.everywhere(() -> ProcessHandle.current().pid(), n, compute).collect();
    Set<Long> distinct = pids.stream().map(p -> (Long) p).collect(Collectors.toSet());
    assertThat(pids).as("one answer per daemon").hasSize(n);
    assertThat(distinct).as("each daemon its own process").hasSize(n)
        .doesNotContain(ProcessHandle.current().pid());
    assertThat(processes(marker)).containsAll(distinct);
    return distinct;
  }

  /** Seconds since {@code startNanos}, for the log. */
  static String since(long startNanos) {
    return String.format("%.2f s", (System.nanoTime() - startNanos) / 1e9);
  }
}
