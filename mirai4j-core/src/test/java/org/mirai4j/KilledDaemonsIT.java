package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.testing.Processes;
import org.mirai4j.testing.Soak;

/**
 * kill -9 of random local daemons while a long run of tiny tasks goes through the dispatcher.
 * A profile does not relaunch daemons yet, so the killer replaces each one it kills with
 * {@link Daemons#launchLocal(int)}.
 *
 * <p>Extension point: once {@code Opts.retries(int)} exists, a second test
 * {@code killedDaemonsLoseNothingWithRetries} runs the same killer against mirai submitted with
 * retries and asserts that every one resolves to its value (no {@code CONNECTION_RESET}); the
 * killer, the counting and the checks below are written to be shared with it.
 */
class KilledDaemonsIT {
  private static final String NAME = "killed-daemons";
  private static final Opts OPTS = Opts.compute(NAME);
  private static final int DAEMONS = 4;
  private static final int KILLS = 20;

  @AfterEach
  void reset() {
    Daemons.reset(NAME);
  }

  /** What a run saw. */
  record Run(int tasks, int values, int resets, List<Long> killed, List<Info> samples,
      Duration took) {}

  @Test
  void killingRandomDaemonsDuringARunResolvesEveryMiraiToItsValueOrConnectionReset()
      throws Exception {
    int tasks = Soak.size(20_000, 100_000);
    Daemons daemons = Daemons.builder().compute(NAME).n(DAEMONS).start();
    Run run = runWithKiller(daemons, tasks);

    System.out.printf("[killed-daemons] %,d tasks, %d daemons killed with -9 and replaced: "
            + "%,d values, %,d CONNECTION_RESET, %.1f s (%,.0f tasks/s), %d info() samples%n",
        run.tasks(), run.killed().size(), run.values(), run.resets(),
        run.took().toNanos() / 1e9, run.tasks() / (run.took().toNanos() / 1e9),
        run.samples().size());
    assertThat(run.killed()).hasSize(KILLS);
    assertThat(run.values() + run.resets()).isEqualTo(tasks);
    // A daemon killed mid-task takes at most its one task in flight with it.
    assertThat(run.resets()).isBetween(0, KILLS);
    for (Info i : run.samples()) {
      assertThat(i.awaiting() + i.executing() + i.completed()).as("info() adds up: %s", i)
          .isEqualTo(i.cumulative());
    }
    Info end = Daemons.info(NAME);
    assertThat(end).isEqualTo(new Info(DAEMONS, tasks, 0, 0, tasks));
    for (long pid : run.killed()) {
      assertThat(Processes.exited(pid)).as("killed daemon %d gone", pid).isTrue();
    }
  }

  /**
   * Submits {@code tasks} trivial mirai, each returning its index, while a killer thread kills a
   * random local daemon of the profile every {@code tasks / (KILLS + 1)} completed tasks and
   * launches a replacement. Every mirai must resolve within a generous bound: to its own index,
   * or to CONNECTION_RESET.
   */
  static Run runWithKiller(Daemons daemons, int tasks) throws Exception {
    List<Long> killed = new CopyOnWriteArrayList<>();
    ConcurrentLinkedQueue<Info> samples = new ConcurrentLinkedQueue<>();
    AtomicBoolean done = new AtomicBoolean();
    List<Throwable> killerFailed = new CopyOnWriteArrayList<>();
    int every = tasks / (KILLS + 1);
    Thread killer = new Thread(() -> {
      try {
        for (int k = 1; k <= KILLS && !done.get(); k++) {
          int threshold = k * every;
          Awaitility.await("completed ≥ " + threshold).atMost(Duration.ofSeconds(120))
              .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
              .until(() -> {
                Info i = Daemons.info(NAME);
                samples.add(i);
                return i.completed() >= threshold;
              });
          List<ProcessHandle> alive = localDaemons(daemons).stream()
              .filter(p -> !killed.contains(p.pid())).toList();
          ProcessHandle victim = alive.get(ThreadLocalRandom.current().nextInt(alive.size()));
          victim.destroyForcibly(); // SIGKILL
          killed.add(victim.pid());
          daemons.launchLocal(1);
        }
      } catch (Throwable t) {
        killerFailed.add(t);
      }
    }, "daemon-killer");
    killer.setDaemon(true);

    long t0 = System.nanoTime();
    killer.start();
    List<Mirai<Integer>> mirai = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      int index = i;
      mirai.add(Mirai.mirai(() -> index, OPTS));
    }
    int values = 0;
    int resets = 0;
    for (int i = 0; i < tasks; i++) {
      try {
        assertThat(mirai.get(i).get(120, TimeUnit.SECONDS)).isEqualTo(i);
        values++;
      } catch (ExecutionException e) {
        assertThat(e.getCause()).as("mirai %d", i).isInstanceOf(ErrorValueException.class);
        assertThat(((ErrorValueException) e.getCause()).value()).isEqualTo(ErrorValue.CONNECTION_RESET);
        resets++;
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    done.set(true);
    killer.join(TimeUnit.SECONDS.toMillis(60));
    assertThat(killer.isAlive()).as("killer finished").isFalse();
    assertThat(killerFailed).as("the killer's failures").isEmpty();
    // Every killed daemon is replaced: back to full strength.
    Awaitility.await("all replacements connected").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Daemons.status(NAME).connections() == DAEMONS);
    samples.add(Daemons.info(NAME));
    return new Run(tasks, values, resets, List.copyOf(killed), List.copyOf(samples), took);
  }

  /** The profile's local daemon processes still alive: children of this JVM dialing its URL. */
  static List<ProcessHandle> localDaemons(Daemons daemons) {
    String url = daemons.url();
    return ProcessHandle.current().children()
        .filter(p -> p.isAlive() && p.info().commandLine().map(c -> c.contains(url)).orElse(false))
        .toList();
  }
}
