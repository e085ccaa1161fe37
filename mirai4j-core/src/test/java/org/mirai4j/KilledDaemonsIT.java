package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.testing.Processes;
import org.mirai4j.testing.Soak;

/**
 * kill -9 of random local daemons while a long run of tiny tasks goes through the dispatcher;
 * the killer replaces each one it kills with {@link Daemons#launchLocal(int)}.
 *
 * <p>With {@link Opts#retries(int)}, the same killer loses nothing: every mirai resolves to its
 * value, and a task runs again only when the daemon running it was killed.
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
  record Run(int tasks, int values, int resets, List<Long> killed, List<Status> samples,
      Duration took) {}

  /** The task of mirai number {@code index}. */
  interface TaskFactory {
    Task<Integer> task(int index);
  }

  @Test
  void killingRandomDaemonsDuringARunResolvesEveryMiraiToItsValueOrConnectionReset()
      throws Exception {
    int tasks = Soak.size(20_000, 100_000);
    Daemons daemons = Daemons.builder().compute(NAME).n(DAEMONS).start();
    Run run = runWithKiller(daemons, tasks, index -> () -> index, OPTS);

    System.out.printf("[killed-daemons] %,d tasks, %d daemons killed with -9 and replaced: "
            + "%,d values, %,d CONNECTION_RESET, %.1f s (%,.0f tasks/s), %d info() samples%n",
        run.tasks(), run.killed().size(), run.values(), run.resets(),
        run.took().toNanos() / 1e9, run.tasks() / (run.took().toNanos() / 1e9),
        run.samples().size());
    assertThat(run.killed()).hasSize(KILLS);
    assertThat(run.values() + run.resets()).isEqualTo(tasks);
    // A daemon killed mid-task takes at most its one task in flight with it.
    assertThat(run.resets()).isBetween(0, KILLS);
    assertCountersAddUp(run, tasks);
  }

  @Test
  void killedDaemonsLoseNothingWithRetries() throws Exception {
    int tasks = Soak.size(20_000, 100_000);
    Path runs = Files.createTempDirectory("mirai4j-runs-");
    String dir = runs.toString();
    Daemons daemons = Daemons.builder().compute(NAME).n(DAEMONS).start();
    // Each run of a task leaves a mark naming its daemon: the side effects, counted.
    Run run = runWithKiller(daemons, tasks, index -> () -> {
      Files.createFile(Path.of(dir, index + "." + ProcessHandle.current().pid()));
      return index;
    }, OPTS.withRetries(3));

    int reruns = 0;
    Map<Integer, List<Long>> byTask = new HashMap<>();
    try (Stream<Path> marks = Files.list(runs)) {
      for (Path mark : (Iterable<Path>) marks::iterator) {
        String[] parts = mark.getFileName().toString().split("\\.");
        byTask.computeIfAbsent(Integer.parseInt(parts[0]), k -> new ArrayList<>())
            .add(Long.parseLong(parts[1]));
      }
    }
    for (Map.Entry<Integer, List<Long>> e : byTask.entrySet()) {
      List<Long> pids = e.getValue();
      if (pids.size() > 1) {
        reruns += pids.size() - 1;
        // Every run but one was on a daemon that was killed: nothing ran twice otherwise.
        assertThat(pids.stream().filter(pid -> !run.killed().contains(pid)).count())
            .as("task %d ran on %s; killed: %s", e.getKey(), pids, run.killed()).isLessThanOrEqualTo(1);
      }
    }
    System.out.printf("[killed-daemons] with retries: %,d tasks, %d daemons killed: %,d values,"
            + " %,d CONNECTION_RESET, %d tasks ran again after their daemon was killed, %.1f s%n",
        run.tasks(), run.killed().size(), run.values(), run.resets(), reruns,
        run.took().toNanos() / 1e9);
    assertThat(run.values()).as("nothing lost").isEqualTo(tasks);
    assertThat(byTask).as("every task ran").hasSize(tasks);
    assertThat(reruns).isBetween(0, KILLS);
    assertCountersAddUp(run, tasks);
    try (Stream<Path> marks = Files.list(runs)) {
      marks.forEach(m -> m.toFile().delete());
    }
    Files.delete(runs);
  }

  private static void assertCountersAddUp(Run run, int tasks) {
    for (Status s : run.samples()) {
      Info i = s.info();
      assertThat(i.awaiting() + i.executing() + i.completed()).as("info() adds up: %s", s)
          .isEqualTo(s.tasks());
    }
    // cumulative counts daemons that ever connected, as in mirai: the first ones and each
    // replacement that connected before the killer picked it in turn.
    Info end = Daemons.info(NAME);
    assertThat(end.cumulative()).isBetween(DAEMONS, DAEMONS + KILLS)
        .isEqualTo((int) Daemons.status(NAME).joined());
    assertThat(end).isEqualTo(new Info(DAEMONS, end.cumulative(), 0, 0, tasks));
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
  static Run runWithKiller(Daemons daemons, int tasks, TaskFactory factory, Opts opts)
      throws Exception {
    List<Long> killed = new CopyOnWriteArrayList<>();
    ConcurrentLinkedQueue<Status> samples = new ConcurrentLinkedQueue<>();
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
                Status s = Daemons.status(NAME);
                samples.add(s);
                return s.info().completed() >= threshold;
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
      mirai.add(Mirai.mirai(factory.task(i), opts));
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
    samples.add(Daemons.status(NAME));
    return new Run(tasks, values, resets, List.copyOf(killed), List.copyOf(samples), took);
  }

  /**
   * The profile's local daemon processes still alive. From the profile, not by matching command
   * lines: the JDK reads only the first 4 KiB of one, and the class path alone is longer.
   */
  static List<ProcessHandle> localDaemons(Daemons daemons) {
    return org.mirai4j.internal.host.Profiles.get(daemons.compute()).processes().stream()
        .filter(Process::isAlive).map(Process::toHandle).toList();
  }
}
