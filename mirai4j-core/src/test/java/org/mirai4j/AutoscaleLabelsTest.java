package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.launch.RemoteConfig;
import org.mirai4j.testing.Await;

/**
 * Autoscaling daemons that carry the labels waiting tasks require (issue 11 item 3), with real
 * local daemon JVMs and, once, a real {@code sh -c} launcher.
 */
class AutoscaleLabelsTest {
  private static final String NAME = "autoscale-labels-test";
  private static final Opts OPTS = Opts.compute(NAME);
  private static final Opts GPU = OPTS.withRequires("gpu");
  private static final Duration IDLE = Duration.ofSeconds(1);
  private static final List<String> NONE = List.of();

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

  /** The autoscaled set with exactly these labels. */
  private static AutoscaleGroup group(List<String> labels) {
    return status().autoscaled().stream()
        .filter(g -> g.labels().size() == labels.size() && g.labels().containsAll(labels))
        .findFirst().orElseThrow();
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

  private static List<Mirai<Integer>> submit(Path marker, int n, Opts opts) {
    List<Mirai<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(Mirai.mirai(waitsFor(marker, i), opts));
    }
    return tasks;
  }

  private static List<String> labelsOf(Mirai<?> m) {
    return m.daemon().orElseThrow().labels();
  }

  @Test
  void aGpuTaskWithNoGpuDaemonLaunchesOneWithTheLabelThatRunsItAndLeavesAfterIdle()
      throws Exception {
    builder().autoscale(0, 2, IDLE).autoscale(List.of("gpu"), 1).start();
    assertThat(status().connections()).isZero();
    assertThat(status().autoscaled()).extracting(AutoscaleGroup::labels)
        .containsExactly(NONE, List.of("gpu"));

    Mirai<String> m = Mirai.mirai(() -> "ran", GPU);
    assertThat(m.get(60, TimeUnit.SECONDS)).isEqualTo("ran");
    assertThat(labelsOf(m)).containsExactly("gpu");
    assertThat(group(List.of("gpu")).scaledUp()).isEqualTo(1);
    assertThat(group(NONE).scaledUp()).isZero(); // no unlabelled task: no unlabelled daemon

    Await.upTo30s().until(() -> status().connections() == 0);
    AutoscaleGroup gpu = group(List.of("gpu"));
    assertThat(gpu.scaledDown()).isEqualTo(1);
    assertThat(gpu.connected()).isZero();
    assertThat(gpu.launching()).isZero();
    assertThat(gpu.launchFailed()).isZero();
    assertThat(status().scaledUp()).isEqualTo(1);
    assertThat(status().scaledDown()).isEqualTo(1);
    assertThat(status().lost()).isZero();
  }

  @Test
  void unlabelledTasksLaunchNoGpuDaemonAndEachLabelSetKeepsToItsOwnMax(@TempDir Path dir)
      throws Exception {
    builder().autoscale(0, 2, IDLE).autoscale(List.of("gpu"), 2).start();
    Path go = dir.resolve("go");
    AtomicInteger mostPlain = new AtomicInteger();
    AtomicInteger mostGpu = new AtomicInteger();
    Runnable watch = () -> {
      for (AutoscaleGroup g : status().autoscaled()) {
        (g.labels().isEmpty() ? mostPlain : mostGpu)
            .accumulateAndGet(g.connected() + g.launching(), Math::max);
      }
    };

    List<Mirai<Integer>> plain = submit(go, 5, OPTS);
    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
        .until(() -> {
          watch.run();
          return group(NONE).connected() == 2;
        });
    assertThat(group(List.of("gpu")).scaledUp()).as("gpu launches for unlabelled tasks").isZero();

    List<Mirai<Integer>> gpu = submit(go, 5, GPU);
    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
        .until(() -> {
          watch.run();
          return group(List.of("gpu")).connected() == 2;
        });
    assertThat(status().waitingForLabels()).isZero(); // gpu daemons there, busy or not

    Files.writeString(go, "go");
    for (int i = 0; i < 5; i++) {
      assertThat(plain.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(i);
      assertThat(gpu.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(i);
      assertThat(labelsOf(gpu.get(i))).containsExactly("gpu");
    }
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
        .until(() -> {
          watch.run();
          return status().connections() == 0;
        });
    assertThat(mostPlain.get()).isLessThanOrEqualTo(2);
    assertThat(mostGpu.get()).isLessThanOrEqualTo(2);
    assertThat(group(NONE).scaledUp()).isEqualTo(2);
    assertThat(group(List.of("gpu")).scaledUp()).isEqualTo(2);
    assertThat(status().scaledDown()).isEqualTo(4);
    assertThat(status().info().completed()).isEqualTo(10);
    assertThat(status().lost()).isZero();
  }

  @Test
  void aTaskGoesToTheSetWhoseLabelsCoverItAndOneNoSetCoversLaunchesNothing() throws Exception {
    builder().autoscale(0, 1, IDLE).autoscale(List.of("gpu", "bigmem"), 1).start();
    Mirai<String> fpga = Mirai.mirai(() -> "never", OPTS.withRequires("fpga"));
    Await.upTo30s().until(() -> status().waitingForLabels() == 1);

    Mirai<String> gpu = Mirai.mirai(() -> "gpu", GPU);
    assertThat(gpu.get(60, TimeUnit.SECONDS)).isEqualTo("gpu");
    assertThat(labelsOf(gpu)).containsExactlyInAnyOrder("gpu", "bigmem");

    Status s = status();
    assertThat(s.scaledUp()).as("only the covering set launched").isEqualTo(1);
    assertThat(s.waitingForLabels()).isEqualTo(1);
    assertThat(fpga.unresolved()).isTrue();
    fpga.cancel(true);
  }

  @Test
  void aFailingGpuLauncherBacksOffAloneWhileUnlabelledTasksStillGetDaemons() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RemoteConfig broken = new RemoteConfig() {
      @Override
      public List<String> launch(int n, List<String> daemonArgs, String hostUrl, String secret)
          throws IOException {
        calls.incrementAndGet();
        throw new IOException("no GPU partition");
      }

      @Override
      public RemoteConfig withDaemonCommand(String cliCommand) {
        return this;
      }
    };
    builder().autoscale(0, 1, IDLE).autoscale(List.of("gpu"), 2, broken).start();
    Mirai<String> waiting = Mirai.mirai(() -> "never", GPU);
    Await.upTo30s().until(() -> group(List.of("gpu")).launchFailed() >= 2);

    assertThat(Mirai.mirai(() -> 3, OPTS).get(60, TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(group(NONE).launchFailed()).isZero();
    assertThat(group(NONE).scaledUp()).isEqualTo(1);
    assertThat(waiting.unresolved()).isTrue();
    assertThat(calls.get()).isGreaterThanOrEqualTo(2);
    waiting.cancel(true);
  }

  @Test
  void aRemoteLauncherStartsTheLabelledDaemonsThroughShDashC() throws Exception {
    RemoteConfig shDashC = RemoteConfig.command("sh", List.of("-c", "."), true);
    builder().autoscale(0, 1, IDLE).autoscale(List.of("gpu"), 2, shDashC).start();

    List<Mirai<Long>> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tasks.add(Mirai.mirai(() -> ProcessHandle.current().pid(), GPU));
    }
    for (Mirai<Long> m : tasks) {
      assertThat(m.get(60, TimeUnit.SECONDS)).isPositive();
      assertThat(labelsOf(m)).containsExactly("gpu");
    }
    AutoscaleGroup gpu = group(List.of("gpu"));
    assertThat(gpu.scaledUp()).isBetween(1L, 2L);
    assertThat(group(NONE).scaledUp()).isZero();

    Await.upTo30s().until(() -> status().connections() == 0);
    assertThat(group(List.of("gpu")).scaledDown()).isEqualTo(gpu.scaledUp());
    // the sh processes end with their daemons
    Await.upTo30s().until(() -> ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void aRemoteLaunchThatNeverConnectsIsWrittenOffAfterTheLaunchTimeoutAndTriedAgain()
      throws Exception {
    AtomicInteger launched = new AtomicInteger();
    RemoteConfig queuedForever = new RemoteConfig() { // a batch job that never leaves the queue
      @Override
      public List<String> launch(int n, List<String> daemonArgs, String hostUrl, String secret) {
        launched.addAndGet(n);
        return List.of();
      }

      @Override
      public RemoteConfig withDaemonCommand(String cliCommand) {
        return this;
      }
    };
    builder().autoscale(0, 1, IDLE).autoscale(List.of("gpu"), 1, queuedForever)
        .launchTimeout(Duration.ofSeconds(1)).start();
    Mirai<String> waiting = Mirai.mirai(() -> "never", GPU);
    Await.upTo30s().until(() -> launched.get() >= 2);

    AutoscaleGroup gpu = group(List.of("gpu"));
    assertThat(gpu.launchFailed()).isGreaterThanOrEqualTo(1);
    assertThat(gpu.launching()).isLessThanOrEqualTo(1); // max 1, the written-off one not counted
    assertThat(waiting.unresolved()).isTrue();
    waiting.cancel(true);
  }

  @Test
  void aRemoteSetIsAskedForAllTheDaemonsItMissesInOneCall() throws Exception {
    java.util.concurrent.CountDownLatch submitted = new java.util.concurrent.CountDownLatch(1);
    List<Integer> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    RemoteConfig recording = new RemoteConfig() { // records n per call; its jobs never start
      @Override
      public List<String> launch(int n, List<String> daemonArgs, String hostUrl, String secret)
          throws IOException {
        calls.add(n);
        try {
          submitted.await(); // the first call holds the launcher until every task is queued
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        return List.of();
      }

      @Override
      public RemoteConfig withDaemonCommand(String cliCommand) {
        return this;
      }
    };
    builder().autoscale(0, 1, IDLE).autoscale(List.of("gpu"), 6, recording).start();
    List<Mirai<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tasks.add(Mirai.mirai(() -> "never", GPU));
    }
    Await.upTo30s().until(() -> !calls.isEmpty());
    submitted.countDown();
    Await.upTo30s().until(() -> group(List.of("gpu")).launching() == 6);

    // the first call saw some of the ten tasks; the next one, all: the rest of max at once
    assertThat(calls).hasSizeLessThanOrEqualTo(2);
    assertThat(calls.stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
    assertThat(group(List.of("gpu")).scaledUp()).isEqualTo(6);
    tasks.forEach(m -> m.cancel(true));
  }

  @Test
  void validatesItsArguments() {
    Daemons.Builder b = builder();
    assertThatThrownBy(() -> b.autoscale(List.of(), 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> b.autoscale(List.of("a,b"), 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a,b'");
    assertThatThrownBy(() -> b.autoscale(List.of("gpu"), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[gpu]: 0");
    assertThatThrownBy(() -> b.launchTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> b.autoscale(List.of("gpu"), 1, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("launcher");
    b.autoscale(List.of("gpu", "bigmem"), 1);
    assertThatThrownBy(() -> b.autoscale(List.of("bigmem", "gpu"), 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> builder().autoscale(List.of("gpu"), 1).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs autoscale(min, max, idle)");
    assertThatThrownBy(() -> builder().daemonOptions(DaemonOptions.builder().labels("gpu").build())
        .autoscale(0, 1, IDLE).autoscale(List.of("gpu"), 1).start())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("daemon options' own");
  }
}
