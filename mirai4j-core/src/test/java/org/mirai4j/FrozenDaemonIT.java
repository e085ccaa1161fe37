package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.internal.host.Profiles;
import org.mirai4j.testing.Processes;

/** A daemon frozen with SIGSTOP in the middle of a task: heartbeats find it, the rest serve on. */
class FrozenDaemonIT {
  private static final String NAME = "frozen-daemon";
  private static final Opts OPTS = Opts.compute(NAME);
  private static final Duration HEARTBEAT = Daemons.DEFAULT_HEARTBEAT;
  /** Three silent intervals, plus generous slack for a noisy CI machine. */
  private static final Duration BOUND = HEARTBEAT.multipliedBy(3).plusSeconds(6);

  @TempDir
  Path dir;
  private long frozen;

  @AfterEach
  void thawAndReset() {
    if (frozen != 0 && !Processes.exited(frozen)) {
      Processes.signal(frozen, "CONT");
    }
    Daemons.reset(NAME);
  }

  /** Batches of four tasks, one after another, on a thread of their own; all must succeed. */
  private static final class Serving extends Thread {
    final Set<Long> servers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger served = new AtomicInteger();
    private volatile boolean stopped;
    private volatile Throwable failed;

    Serving() {
      super("serving");
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        while (!stopped) {
          List<Long> pids = Mirai.map(IntStream.range(0, 4).boxed().toList(),
              (Integer i) -> ProcessHandle.current().pid(), OPTS).collect();
          servers.addAll(pids);
          served.addAndGet(pids.size());
        }
      } catch (Throwable t) {
        failed = t;
      }
    }

    int served() {
      return served.get();
    }

    int finish() throws InterruptedException {
      stopped = true;
      join(60_000);
      assertThat(isAlive()).as("serving thread finished").isFalse();
      assertThat(failed).as("a task failed while serving").isNull();
      return served.get();
    }
  }

  @Test
  void aFrozenDaemonsMiraiResolvesToConnectionResetWithinThreeHeartbeatsAndTheDaemonExitsWhenThawed()
      throws Exception {
    Daemons.builder().compute(NAME).n(3).start(); // default heartbeat, autoexit IMMEDIATE
    String pidFile = dir.resolve("stuck.pid").toString();
    Mirai<Long> stuck = Mirai.mirai(() -> {
      Files.writeString(Path.of(pidFile), Long.toString(ProcessHandle.current().pid()));
      Thread.sleep(600_000); // the daemon is frozen long before this ends
      return ProcessHandle.current().pid();
    }, OPTS);
    Awaitility.await("the task started").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(() -> Files.exists(Path.of(pidFile)) && !Files.readString(Path.of(pidFile)).isEmpty());
    frozen = Long.parseLong(Files.readString(Path.of(pidFile)));
    long stuckPid = frozen;

    CompletableFuture<Long> resolvedAt = new CompletableFuture<>();
    stuck.toCompletableFuture().whenComplete((v, e) -> resolvedAt.complete(System.nanoTime()));
    // The other two serve throughout: batches of tasks, one after another, until the end.
    Serving serving = new Serving();
    serving.start();
    long t0 = System.nanoTime();
    Processes.signal(frozen, "STOP");

    Awaitility.await("the frozen daemon's mirai resolved").atMost(BOUND.multipliedBy(2))
        .pollInterval(Duration.ofMillis(20)).until(resolvedAt::isDone);
    Duration toReset = Duration.ofNanos(resolvedAt.get() - t0);
    int servedWhileFrozen = serving.served();
    System.out.printf("[frozen-daemon] SIGSTOP → mirai resolved in %.2f s (heartbeat %d ms, bound %d s);"
            + " %d tasks served meanwhile by daemons %s%n",
        toReset.toNanos() / 1e9, HEARTBEAT.toMillis(), BOUND.toSeconds(), servedWhileFrozen,
        serving.servers);
    assertThat(stuck.result().error()).isInstanceOf(ErrorValueException.class);
    assertThat(((ErrorValueException) stuck.result().error()).value()).isEqualTo(ErrorValue.CONNECTION_RESET);
    // Three silent intervals, counted from the last frame heard (at most one interval before).
    assertThat(toReset).isGreaterThan(HEARTBEAT).isLessThan(BOUND);
    Awaitility.await("connections drop to 2").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> Daemons.status(NAME).connections() == 2);

    long t1 = System.nanoTime();
    Processes.signal(frozen, "CONT");
    Process process = Profiles.get(NAME).processes().stream().filter(p -> p.pid() == frozen)
        .findFirst().orElseThrow();
    Duration toExit = Processes.timeToExit(List.of(frozen), t1, Duration.ofSeconds(30))[0];
    assertThat(toExit).as("the thawed daemon exits by itself").isNotNull();
    System.out.printf("[frozen-daemon] SIGCONT → daemon exited in %.2f s, code %d%n",
        toExit.toNanos() / 1e9, process.waitFor());
    assertThat(process.exitValue()).as("exit code: the connection ended").isZero();
    frozen = 0;
    int servedInAll = serving.finish();
    System.out.printf("[frozen-daemon] %d tasks served in all by daemons %s, none failed%n",
        servedInAll, serving.servers);
    assertThat(servedWhileFrozen).as("tasks served while the daemon was frozen").isPositive();
    assertThat(servedInAll).isGreaterThan(servedWhileFrozen);
    assertThat(serving.servers).doesNotContain(stuckPid);
    assertThat(Daemons.status(NAME).connections()).isEqualTo(2);
  }
}
