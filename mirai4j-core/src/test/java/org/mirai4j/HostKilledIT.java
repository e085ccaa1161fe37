package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.launch.DaemonCommand;
import org.mirai4j.testing.HostMain;
import org.mirai4j.testing.Processes;

/** A host JVM killed with -9: what its daemons do, local ones and persistent ones. */
class HostKilledIT {
  private static final String NAME = "host-killed";
  private static final String SECRET = "host-killed-secret";
  /** The time the suite promises for a local daemon to follow its host; asserted 3x generous. */
  private static final Duration TARGET = Duration.ofMillis(500);

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killWhatWeStarted() {
    Daemons.terminate(NAME);
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  /** A host program ({@link HostMain}) in its own JVM, and its output, line by line. */
  private final class Host {
    final Process process;
    final BufferedReader out;
    final PrintWriter in;

    Host(int localDaemons, String url) throws IOException {
      List<String> command = new ArrayList<>(DaemonCommand.localJava());
      command.set(command.size() - 1, HostMain.class.getName()); // java -cp CP <main>
      command.addAll(List.of(Integer.toString(localDaemons), url, SECRET));
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      started.add(process);
      out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** The next line starting with {@code key}, its rest; fails after 60 s. */
    String await(String key) throws Exception {
      CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
        try {
          for (String l; (l = out.readLine()) != null; ) {
            if (l.startsWith(key)) {
              return l.substring(key.length()).strip();
            }
          }
          return null;
        } catch (IOException e) {
          return null;
        }
      });
      String rest = line.get(60, TimeUnit.SECONDS);
      assertThat(rest).as("host printed %s before it ended", key).isNotNull();
      return rest;
    }

    List<Long> daemonPids() throws Exception {
      List<Long> pids = new ArrayList<>();
      for (String rest; !(rest = await("")).equals("READY"); ) {
        if (rest.startsWith("DAEMON_PID ")) {
          pids.add(Long.parseLong(rest.substring("DAEMON_PID ".length())));
        }
      }
      return pids;
    }
  }

  @Test
  void localDaemonsOfAHostKilledWithSigkillExitAtOnce() throws Exception {
    Host host = new Host(3, "tcp://127.0.0.1:0");
    List<Long> daemons = host.daemonPids();
    assertThat(daemons).hasSize(3).allMatch(pid -> !Processes.exited(pid));

    long t0 = System.nanoTime();
    host.process.destroyForcibly(); // SIGKILL: no shutdown hook, the kernel closes its sockets
    Duration[] took = Processes.timeToExit(daemons, t0, Duration.ofSeconds(30));
    System.out.printf("[host-killed] kill -9 of the host → its %d IMMEDIATE daemons exited after %s ms"
            + " (target %d ms)%n", daemons.size(),
        Arrays.stream(took).map(d -> d == null ? "never" : Long.toString(d.toMillis())).toList(),
        TARGET.toMillis());
    assertThat(took).doesNotContainNull();
    assertThat(took).allMatch(d -> d.compareTo(TARGET.multipliedBy(3)) < 0,
        "each under " + TARGET.multipliedBy(3).toMillis() + " ms");
  }

  @Test
  void persistentDaemonsStartedByHandServeTheNextHostAtTheSameUrl() throws Exception {
    String url = "tcp://127.0.0.1:" + freePort();
    Host first = new Host(0, url);
    first.daemonPids();
    List<Process> daemons = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      List<String> command = new ArrayList<>(DaemonCommand.localJava());
      command.addAll(List.of(url, "--autoexit=false"));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put("MIRAI4J_SECRET", SECRET);
      Process daemon = builder.start();
      started.add(daemon);
      daemons.add(daemon);
    }
    List<Long> pids = daemons.stream().map(Process::pid).sorted().toList();
    first.in.println("await 2");
    first.await("CONNECTED");
    first.in.println("pids");
    assertThat(first.await("PIDS")).isEqualTo(String.join(" ", pids.stream().map(String::valueOf).toList()));

    first.process.destroyForcibly();
    assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // The connection drop is seen at once; persistent daemons stay to redial.
    long t0 = System.nanoTime();
    Daemons.builder().compute(NAME).url(url).secret(SECRET).start();
    Awaitility.await("both persistent daemons redialed").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20)).until(() -> Daemons.status(NAME).connections() == 2);
    double reconnected = (System.nanoTime() - t0) / 1e9;
    List<Long> served = Mirai.map(IntStream.range(0, 20).boxed().toList(), (Integer i) -> {
      Thread.sleep(50); // long enough that both daemons get some
      return ProcessHandle.current().pid();
    }, Opts.compute(NAME)).collect();
    System.out.printf("[host-killed] persistent daemons %s reconnected to the next host at %s"
        + " %.2f s after it started; served by %s%n", pids, url, reconnected, new TreeSet<>(served));
    assertThat(new TreeSet<>(served)).containsExactlyElementsOf(pids);

    Daemons.terminate(NAME); // tells persistent daemons to exit too
    for (Process d : daemons) {
      assertThat(d.waitFor(30, TimeUnit.SECONDS)).as("persistent daemon %d exits on terminate", d.pid())
          .isTrue();
      assertThat(d.exitValue()).isZero();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
