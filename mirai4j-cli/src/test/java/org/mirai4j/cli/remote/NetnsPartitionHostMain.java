package org.mirai4j.cli.remote;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mirai4j.AutoExit;
import org.mirai4j.DaemonOptions;
import org.mirai4j.Daemons;
import org.mirai4j.ErrorValueException;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.Result;
import org.mirai4j.launch.RemoteConfig;

/**
 * The host side of {@link NetnsPartitionIT}, run by it inside network namespace {@code m4jA}:
 * listens at {@code tcp://10.200.0.1:0} with the default heartbeat, launches one persistent
 * daemon ({@code autoexit=false}) in {@code m4jB}, and runs the scenario the test partitions the
 * link under. It prints {@code KEY value} lines and reads the test's cues ({@code PARTITIONED},
 * {@code HEALED}) from stdin:
 *
 * <ol>
 *   <li>{@code RUNNING short}: a task of {@value #SHORT_TASK_MS} ms is running; the test cuts the
 *       link for 2 s. Then {@code SHORT_RESULT <pid>}: the task's value after the heal.
 *   <li>{@code RUNNING long}: a task of {@value #LONG_TASK_MS} ms is running; the test cuts the
 *       link for 30 s and says {@code PARTITIONED}. Then {@code LONG_OUTCOME <outcome> <seconds>}
 *       from the cue to the mirai's resolution.
 *   <li>On {@code HEALED}: {@code RECONNECTED <seconds>} once the daemon has redialed, and
 *       {@code SERVED_BY <pid>} for a task it ran.
 * </ol>
 */
public final class NetnsPartitionHostMain {
  static final String NAME = "it-partition";
  /** Longer than the 2 s cut, so that the task is running across it. */
  static final long SHORT_TASK_MS = 8_000;
  /**
   * Shorter than the 30 s cut: a persistent daemon finishes its task before it redials, and
   * this one's result, sent into the cut, is lost with the connection.
   */
  static final long LONG_TASK_MS = 15_000;

  private NetnsPartitionHostMain() {}

  public static void main(String[] args) {
    try {
      System.exit(run(args[0]));
    } catch (Throwable t) {
      t.printStackTrace(System.out);
      System.exit(1);
    }
  }

  static int run(String daemonCommand) throws Exception {
    BufferedReader cues = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Opts opts = Opts.compute(NAME);
    Daemons daemons = Daemons.builder().compute(NAME).url("tcp://10.200.0.1:0")
        .daemonOptions(DaemonOptions.builder().autoExit(AutoExit.NEVER).build()).start();
    say("URL " + daemons.url());
    daemons.launchRemote(1,
        RemoteConfig.command("ip", List.of("netns", "exec", "m4jB", "."), false).withDaemonCommand(daemonCommand));
    awaitConnections(1);
    say("DAEMON_PID " + Mirai.mirai(() -> ProcessHandle.current().pid(), opts).get(60, TimeUnit.SECONDS));

    Mirai<Long> shortTask = Mirai.mirai(() -> {
      Thread.sleep(SHORT_TASK_MS);
      return ProcessHandle.current().pid();
    }, opts);
    awaitExecuting();
    say("RUNNING short");
    say("SHORT_RESULT " + shortTask.get(120, TimeUnit.SECONDS));

    Mirai<Long> longTask = Mirai.mirai(() -> {
      Thread.sleep(LONG_TASK_MS);
      return ProcessHandle.current().pid();
    }, opts);
    awaitExecuting();
    say("RUNNING long");
    expect(cues, "PARTITIONED");
    long t0 = System.nanoTime();
    Result<Long> outcome = longTask.result();
    double seconds = (System.nanoTime() - t0) / 1e9;
    say(String.format("LONG_OUTCOME %s %.2f", outcome.isError() && outcome.error() instanceof ErrorValueException e
        ? e.value().name() : outcome.toString(), seconds));
    say("CONNECTIONS " + Daemons.status(NAME).connections());

    expect(cues, "HEALED");
    long t1 = System.nanoTime();
    awaitConnections(1);
    say(String.format("RECONNECTED %.2f", (System.nanoTime() - t1) / 1e9));
    say("SERVED_BY " + Mirai.mirai(() -> ProcessHandle.current().pid(), opts).get(60, TimeUnit.SECONDS));

    Daemons.terminate(NAME); // the persistent daemon is told to exit too
    say("DONE");
    return 0;
  }

  private static void awaitConnections(int n) {
    await("connections == " + n).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
        .until(() -> Daemons.status(NAME).connections() == n);
  }

  private static void awaitExecuting() {
    await("a task executing").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
        .until(() -> Daemons.info(NAME).executing() == 1);
  }

  private static void expect(BufferedReader cues, String cue) throws Exception {
    String line = cues.readLine();
    if (!cue.equals(line)) {
      throw new IllegalStateException("expected the cue " + cue + " on stdin, got " + line);
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
