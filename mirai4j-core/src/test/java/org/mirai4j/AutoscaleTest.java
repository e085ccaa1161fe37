package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.internal.host.LocalLauncher;
import org.mirai4j.internal.host.Profiles;
import org.mirai4j.launch.RemoteConfig;
import org.mirai4j.testing.Await;

/** Daemons scaled with the backlog (issue 11), with real local daemon JVMs. */
class AutoscaleTest {
  private static final String NAME = "autoscale-test";
  private static final Opts OPTS = Opts.compute(NAME);
  private static final Duration IDLE = Duration.ofSeconds(1);

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  private static Daemons.Builder builder() {
    return Daemons.builder().compute(NAME);
  }

  private static Status status() {
    return Daemons.status(NAME);
  }

  /** Waits until {@code marker} exists (the test's go), then returns {@code i}. */
  private static Task<Integer> waitsFor(Path marker, int i) {
    String file = marker.toString();
    return () -> {
      while (!Files.exists(Path.of(file))) {
        Thread.sleep(20);
      }
      return i;
    };
  }

  private static List<Mirai<Integer>> submit(Path marker, int n) {
    List<Mirai<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(Mirai.mirai(waitsFor(marker, i), OPTS));
    }
    return tasks;
  }

  private static void allResolveToTheirIndex(List<Mirai<Integer>> tasks) throws Exception {
    for (int i = 0; i < tasks.size(); i++) {
      assertThat(tasks.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(i);
    }
  }

  @Test
  void growsWithTheBacklogUpToMaxThenShrinksToMinZeroLosingNoTask(@TempDir Path dir)
      throws Exception {
    builder().autoscale(0, 3, IDLE).start();
    assertThat(status().connections()).isZero();
    assertThat(status().scaledUp()).isZero();

    Path go = dir.resolve("go");
    List<Mirai<Integer>> tasks = submit(go, 6);
    AtomicLong most = new AtomicLong();
    AtomicLong launched = new AtomicLong();
    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
        .until(() -> {
          Status s = status();
          most.accumulateAndGet(s.connections(), Math::max);
          launched.accumulateAndGet(s.scaledUp(), Math::max);
          return s.connections() == 3;
        });
    assertThat(most.get()).isLessThanOrEqualTo(3);
    assertThat(launched.get()).isLessThanOrEqualTo(3);

    Files.writeString(go, "go");
    allResolveToTheirIndex(tasks);
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
        .until(() -> {
          Status s = status();
          most.accumulateAndGet(s.connections(), Math::max);
          return s.connections() == 0;
        });
    Status s = status();
    assertThat(most.get()).isLessThanOrEqualTo(3);
    assertThat(s.scaledUp()).isEqualTo(3); // none came back: no backlog asked for one
    assertThat(s.scaledDown()).isEqualTo(3);
    assertThat(s.launching()).isZero();
    assertThat(s.launchFailed()).isZero();
    assertThat(s.info().completed()).isEqualTo(6);
    assertThat(s.lost()).isZero();

    // and it grows again on demand
    assertThat(Mirai.mirai(() -> 42, OPTS).get(60, TimeUnit.SECONDS)).isEqualTo(42);
  }

  @Test
  void keepsMinAfterIdle(@TempDir Path dir) throws Exception {
    builder().autoscale(1, 2, IDLE).start();
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> status().connections() == 1);

    Path go = dir.resolve("go");
    List<Mirai<Integer>> tasks = submit(go, 4);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> status().connections() == 2);
    Files.writeString(go, "go");
    allResolveToTheirIndex(tasks);

    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> status().scaledDown() == 1);
    Status s = status();
    assertThat(s.connections()).isEqualTo(1);
    assertThat(s.scaledUp()).isEqualTo(2);
    assertThat(s.info().completed()).isEqualTo(4);
    // the one left is the persistent one: it serves at once
    assertThat(Mirai.mirai(() -> 7, OPTS).get(30, TimeUnit.SECONDS)).isEqualTo(7);
  }

  /** A remote launcher that starts its daemons on this machine, unknown to the profile. */
  private static final class HereAsRemote implements RemoteConfig {
    final List<Process> started = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<String> launch(int n, List<String> daemonArgs, String hostUrl, String secret)
        throws java.io.IOException {
      for (int i = 0; i < n; i++) {
        List<String> command = new ArrayList<>(LocalLauncher.daemonCommand());
        command.addAll(daemonArgs.subList(1, daemonArgs.size())); // after "daemon"
        ProcessBuilder pb = new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("MIRAI4J_SECRET", secret);
        started.add(pb.start());
      }
      return List.of();
    }

    @Override
    public RemoteConfig withDaemonCommand(String cliCommand) {
      return this;
    }
  }

  @Test
  void scalesThroughTheRemoteLauncher(@TempDir Path dir) throws Exception {
    HereAsRemote remote = new HereAsRemote();
    try {
      builder().url("tcp://127.0.0.1:0").remote(remote).autoscale(0, 2, IDLE).start();
      assertThat(status().connections()).isZero();
      Path go = dir.resolve("go");
      List<Mirai<Integer>> tasks = submit(go, 4);
      AtomicLong most = new AtomicLong();
      Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
          .until(() -> {
            int c = status().connections();
            most.accumulateAndGet(c, Math::max);
            return c == 2;
          });
      Files.writeString(go, "go");
      allResolveToTheirIndex(tasks);
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> status().connections() == 0);
      Status s = status();
      assertThat(most.get()).isLessThanOrEqualTo(2);
      assertThat(s.scaledUp()).isEqualTo(2);
      assertThat(remote.started).hasSize(2);
      assertThat(s.scaledDown()).isEqualTo(2);
      assertThat(s.launching()).isZero();
    } finally {
      remote.started.forEach(Process::destroyForcibly);
    }
  }

  @Test
  void aFailingLauncherBacksOff() throws Exception {
    builder().autoscale(0, 3, IDLE).start();
    Profiles.get(NAME).daemonCommandForTesting(List.of("sh", "-c", "exit 7", "crash"));
    long since = System.nanoTime();
    Mirai<Object> waiting = Mirai.mirai(() -> "never run", OPTS);
    Await.upTo30s().until(() -> status().launchFailed() >= 4);
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    long launched = status().scaledUp();
    // Launch k comes at least 100 ms * (2^(k-1) - 1) after the first: a bound on the count,
    // whatever the machine's speed; a launcher without back-off would exceed it.
    long bound = 64 - Long.numberOfLeadingZeros(elapsedMs / 100 + 1);
    assertThat(launched).isLessThanOrEqualTo(bound);
    assertThat(launched).isGreaterThanOrEqualTo(4);
    Status s = status();
    assertThat(s.connections()).isZero();
    assertThat(s.launching()).isLessThanOrEqualTo(1); // one task: one daemon wanted
    assertThat(waiting.unresolved()).isTrue();
  }

  @Test
  void validatesItsArguments() {
    Daemons.Builder b = builder();
    assertThatThrownBy(() -> b.autoscale(-1, 2, IDLE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> b.autoscale(0, 0, IDLE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    assertThatThrownBy(() -> b.autoscale(3, 2, IDLE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 > 2");
    assertThatThrownBy(() -> b.autoscale(0, 2, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> b.autoscale(0, 2, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> builder().n(2).autoscale(1, 3, IDLE).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("n (2)");
    assertThatThrownBy(() -> builder().dispatcher(false).autoscale(0, 3, IDLE).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("dispatcher");
  }

  @Test
  void aSyncProfileIgnoresIt() throws Exception {
    builder().sync(true).autoscale(0, 3, IDLE).start();
    assertThat(Mirai.mirai(() -> 5, OPTS).get(10, TimeUnit.SECONDS)).isEqualTo(5);
    assertThat(status().scaledUp()).isZero();
  }
}
