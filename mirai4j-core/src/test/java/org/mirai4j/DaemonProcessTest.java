package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.internal.host.LocalLauncher;

/** The daemon as its own process: {@code Daemon.main}, exit codes, output, JVM-wide cleanup. */
class DaemonProcessTest {
  private static final String NAME = "daemon-process-test";
  private static final String SECRET = "process-secret";
  private static final Opts OPTS = Opts.compute(NAME);

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  private static Process daemon(String... args) throws Exception {
    List<String> command = new ArrayList<>(LocalLauncher.daemonCommand());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("MIRAI4J_SECRET", SECRET);
    return builder.start();
  }

  private static String output(Process p) throws Exception {
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("daemon exited").isTrue();
    try (InputStream in = p.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Daemons host() {
    return Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(SECRET).start();
  }

  @Test
  void helpListsEveryOption() throws Exception {
    Process p = daemon("daemon", "--help");
    String out = output(p);
    assertThat(p.exitValue()).isZero();
    assertThat(out).contains("--no-dispatcher", "--asyncdial", "--autoexit", "--no-cleanup",
        "--output", "--idletime", "--walltime", "--maxtasks", "--tlscert", "Exit codes");
  }

  @Test
  void badOptionExitsWithUsageCode() throws Exception {
    Process p = daemon("tcp://127.0.0.1:1", "--maxtasks=many");
    String out = output(p);
    assertThat(p.exitValue()).isEqualTo(Daemon.EXIT_USAGE);
    assertThat(out).contains("--maxtasks takes a whole number");
  }

  @Test
  void unreachableHostExitsNonZeroWithTheUrl() throws Exception {
    Process p = daemon("tcp://127.0.0.1:1");
    String out = output(p);
    assertThat(p.exitValue()).isEqualTo(Daemon.EXIT_UNAVAILABLE);
    assertThat(out).contains("cannot dial tcp://127.0.0.1:1");
  }

  @Test
  void maxTasksProcessExitsWithCode3() throws Exception {
    host();
    Process p = daemon(Daemons.status(NAME).url(), "--maxtasks=2");
    assertThat(Mirai.mirai(() -> 1, OPTS).get()).isEqualTo(1);
    assertThat(Mirai.mirai(() -> 2, OPTS).get()).isEqualTo(2);
    output(p);
    assertThat(p.exitValue()).isEqualTo(3);
  }

  @Test
  void idleTimeProcessExitsWithCode1() throws Exception {
    host();
    Process p = daemon(Daemons.status(NAME).url(), "--idletime=200");
    output(p);
    assertThat(p.exitValue()).isEqualTo(1);
  }

  @Test
  void wallTimePassingIdleProcessExitsWithCode1AsTheSeed() throws Exception {
    host();
    Process p = daemon(Daemons.status(NAME).url(), "--walltime=300", "--idletime=600000");
    output(p);
    assertThat(p.exitValue()).as("the wait for a task timed out after min(idletime, walltime)")
        .isEqualTo(1);
    assertThat(Daemons.status(NAME).lost()).as("it left on purpose, announced").isZero();
  }

  @Test
  void outputReachesTheConsoleOnlyWhenAskedFor() throws Exception {
    host();
    Process quiet = daemon(Daemons.status(NAME).url(), "--maxtasks=1");
    Mirai.mirai(() -> {
      System.out.println("quiet-daemon-says-hi");
      return null;
    }, OPTS).get();
    assertThat(output(quiet)).doesNotContain("quiet-daemon-says-hi");
    Process loud = daemon(Daemons.status(NAME).url(), "--maxtasks=1", "--output");
    Mirai.mirai(() -> {
      System.out.println("loud-daemon-says-hi");
      return null;
    }, OPTS).get();
    assertThat(output(loud)).contains("loud-daemon-says-hi");
  }

  @Test
  void cleanupRestoresSystemPropertiesInADaemonProcess() throws Exception {
    host();
    Process p = daemon(Daemons.status(NAME).url(), "--maxtasks=2");
    Mirai.mirai(() -> System.setProperty("mirai4j.test.leftover", "yes"), OPTS).get();
    assertThat(Mirai.mirai(() -> System.getProperty("mirai4j.test.leftover"), OPTS).get()).isNull();
    output(p);
  }

  @Test
  void daemonHaltingMidTaskResolvesOnlyThatMiraiToConnectionReset() throws Exception {
    try (Daemons daemons = Daemons.builder().compute(NAME).n(2).start()) {
      Mirai<Object> fatal = Mirai.mirai(() -> {
        Runtime.getRuntime().halt(1);
        return null;
      }, OPTS);
      List<Mirai<Integer>> others = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int v = i;
        others.add(Mirai.mirai(() -> v, OPTS));
      }
      assertThat(((ErrorValueException) fatal.result().error()).value())
          .isEqualTo(ErrorValue.CONNECTION_RESET);
      for (int i = 0; i < 20; i++) {
        assertThat(others.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(i);
      }
      Info info = Daemons.info(NAME);
      assertThat(info.completed()).isEqualTo(21);
      assertThat(info.connections()).isEqualTo(1);
    }
  }

  @Test
  void tenThousandTasksOverTwoDaemonsLoseNone() throws Exception {
    try (Daemons daemons = Daemons.builder().compute(NAME).n(2).dispatcher(false).start()) {
      List<Mirai<Integer>> mirai = new ArrayList<>(10_000);
      for (int i = 0; i < 10_000; i++) {
        int v = i;
        mirai.add(Mirai.mirai(() -> v, OPTS));
      }
      long sum = 0;
      for (Mirai<Integer> m : mirai) {
        sum += m.get(60, TimeUnit.SECONDS);
      }
      assertThat(sum).isEqualTo(10_000L * 9_999 / 2);
    }
  }

  static String drain(InputStream in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
