package org.mirai4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.launch.DaemonCommand;

/**
 * Smoke runs of the examples: each main runs in a JVM of its own with the examples' class path,
 * as its Javadoc says to run it, and its output is checked.
 */
class ExamplesIT {
  private static final Duration BOUND = Duration.ofMinutes(3);

  @TempDir
  Path dir;

  @Test
  void monteCarloPiGivesTheSameSeededEstimateWithOneAndWithFourDaemons() throws Exception {
    try (Example run = Example.start(MonteCarloPi.class, Map.of())) {
      String out = run.awaitExit();
      assertThat(run.process.exitValue()).as(out).isZero();
      Matcher one = Pattern.compile("(?m)^1 daemon: pi ~ (\\S+) \\((\\d+) of 4000000").matcher(out);
      Matcher four = Pattern.compile("(?m)^4 daemons: pi ~ (\\S+) \\((\\d+) of 4000000").matcher(out);
      assertThat(one.find()).as(out).isTrue();
      assertThat(four.find()).as(out).isTrue();
      assertThat(four.group(2)).as("points inside with 4 daemons").isEqualTo(one.group(2));
      assertThat(Double.parseDouble(one.group(1))).isBetween(3.13, 3.15);
      assertThat(out).contains("same answer: true");
    }
  }

  @Test
  void arrowIpcMovesATableToADaemonAndBack() throws Exception {
    try (Example run = Example.start(ArrowIpc.class,
        Map.of("JDK_JAVA_OPTIONS", "--add-opens=java.base/java.nio=ALL-UNNAMED"))) {
      String out = run.awaitExit();
      assertThat(run.process.exitValue()).as(out).isZero();
      Matcher received = Pattern.compile("received from daemon pid (\\d+):").matcher(out);
      assertThat(received.find()).as(out).isTrue();
      String pid = received.group(1);
      assertThat(Long.parseLong(pid)).as("a daemon, not the host").isNotEqualTo(run.process.pid());
      String table = out.substring(received.end());
      // the table as printed: its lines up to the blank line after it
      assertThat(table.lines().dropWhile(String::isEmpty).takeWhile(l -> !l.isEmpty()).toList())
          .containsExactly(
          "item\tquantity\tprice\ttotal\tpid",
          "apple\t3\t0.5\t1.5\t" + pid,
          "pear\t2\t0.75\t1.5\t" + pid,
          "fig\t10\t0.2\t2.0\t" + pid);
    }
  }

  @Test
  void tracingPrintsTheSpansOfHostAndDaemonsAndTasksRunInTheJobsTrace() throws Exception {
    try (Example run = Example.start(Tracing.class, Map.of("OTEL_TRACES_EXPORTER", "console",
        "OTEL_METRICS_EXPORTER", "none", "OTEL_LOGS_EXPORTER", "none"))) {
      String out = run.awaitExit();
      assertThat(run.process.exitValue()).as(out).isZero();
      Matcher job = Pattern.compile("(?m)^job trace ([0-9a-f]{32})$").matcher(out);
      assertThat(job.find()).as(out).isTrue();
      String trace = job.group(1);
      for (int i = 1; i <= 3; i++) {
        assertThat(out).contains("task " + i + " ran in trace " + trace);
      }
      // the console exporter's lines: 'NAME' : TRACE_ID SPAN_ID KIND ...
      assertThat(out).contains("'mirai' : " + trace, "'daemon eval' : " + trace, "'daemons set ");
    }
  }

  @Test
  void tlsDaemonsPrintedCommandRunInAShellDialsInOverTlsAndResolvesTheMirai() throws Exception {
    try (Example run = Example.start(TlsDaemon.class, Map.of())) {
      runTlsDaemon(run);
    }
  }

  private void runTlsDaemon(Example run) throws Exception {
    run.awaitLine(TlsDaemon.RUN_THIS);
    String command = run.awaitLine("END_OF_SECRET").substring(
        run.output().indexOf(TlsDaemon.RUN_THIS) + TlsDaemon.RUN_THIS.length()).strip();
    assertThat(command).contains(" daemon tls+tcp://127.0.0.1:", "--tlscert=-----BEGIN CERTIFICATE",
        " --secret-stdin <<'END_OF_SECRET'\n");

    // typed into sh as by hand: the command, then the here-document with the secret
    Path typed = Files.writeString(dir.resolve("typed"), command + "\n");
    ProcessBuilder shell = new ProcessBuilder("sh").redirectErrorStream(true)
        .redirectOutput(dir.resolve("daemon.log").toFile()).redirectInput(typed.toFile());
    shell.environment().keySet().removeIf(k -> k.startsWith("MIRAI4J"));
    Process daemon = shell.start();
    try {
      // the host exits once it has the result; a daemon that gave up fails the test at once
      Awaitility.await().atMost(BOUND).pollInterval(Duration.ofMillis(50))
          .until(() -> !run.process.isAlive() || !daemon.isAlive());
      if (run.process.isAlive()) {
        daemon.waitFor();
        assertThat(daemon.exitValue()).as("the daemon left before the host had its result;"
            + " its output:%n%s%nthe host's:%n%s", Files.readString(dir.resolve("daemon.log")),
            run.output()).isZero();
      }
      String out = run.awaitExit();
      assertThat(run.process.exitValue()).as(out).isZero();
      Matcher result = Pattern.compile("result: 42 from daemon pid (\\d+) \\(host pid (\\d+)\\)")
          .matcher(out);
      assertThat(result.find()).as(out).isTrue();
      assertThat(result.group(2)).isEqualTo(String.valueOf(run.process.pid()));
      assertThat(result.group(1)).isNotEqualTo(result.group(2));
      assertThat(daemon.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS))
          .as("the daemon exits once the host is gone").isTrue();
    } finally {
      daemon.descendants().forEach(ProcessHandle::destroyForcibly);
      daemon.destroyForcibly().waitFor();
    }
  }

  /** An example's main running in a JVM of its own; its stdout and stderr gathered. */
  private static final class Example implements AutoCloseable {
    final Process process;
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;

    private Example(Process process) {
      this.process = process;
      this.reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) {
            synchronized (output) {
              output.append(line).append('\n');
            }
          }
        } catch (IOException e) {
          // the process is gone: what was read is all there is
        }
      }, "example-output");
      reader.setDaemon(true);
      reader.start();
    }

    static Example start(Class<?> main, Map<String, String> env) throws IOException {
      List<String> command = new ArrayList<>(List.of(DaemonCommand.javaExecutable(),
          "-cp", DaemonCommand.classPath(), main.getName()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(env);
      return new Example(builder.start());
    }

    String output() {
      synchronized (output) {
        return output.toString();
      }
    }

    /** Waits for a line equal to {@code line}; returns the output up to and including it. */
    String awaitLine(String line) {
      Awaitility.await().atMost(BOUND).pollInterval(Duration.ofMillis(20))
          .alias("'" + line + "' in the output")
          .until(() -> output().lines().anyMatch(line::equals) || !process.isAlive());
      String out = output();
      int at = out.indexOf(line + "\n");
      assertThat(at).as("'%s' printed; output:%n%s", line, out).isNotNegative();
      return out.substring(0, at + line.length());
    }

    /** Kills what is left of the example: itself and its daemons. */
    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().onExit().join();
    }

    /** Waits for the process to exit (killing it after the bound); returns all its output. */
    String awaitExit() throws InterruptedException {
      boolean exited = process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
      if (!exited) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
      }
      reader.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(exited).as("the example exits within %s; output:%n%s", BOUND, output()).isTrue();
      return output();
    }
  }
}
