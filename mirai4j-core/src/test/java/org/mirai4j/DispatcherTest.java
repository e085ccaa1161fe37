package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.testing.Await;

/** The dispatcher with real local daemon JVMs. */
class DispatcherTest {
  private static final String NAME = "dispatcher-test";
  private static final Opts OPTS = Opts.compute(NAME);

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  private static Daemons start(int n) {
    return Daemons.builder().compute(NAME).n(n).start();
  }

  private static Mirai<Object> blocker() {
    return Mirai.mirai(() -> {
      Thread.sleep(60_000);
      return null;
    }, OPTS);
  }

  @Test
  void tasksRunInSubmissionOrder() throws Exception {
    start(1);
    List<Mirai<Long>> mirai = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      mirai.add(Mirai.mirai(System::nanoTime, OPTS));
    }
    long previous = Long.MIN_VALUE;
    for (Mirai<Long> m : mirai) {
      long t = m.get();
      assertThat(t).isGreaterThan(previous);
      previous = t;
    }
  }

  @Test
  void canceledQueuedTaskNeverRuns(@TempDir Path dir) throws Exception {
    start(1);
    Mirai<Object> busy = blocker();
    String marker = dir.resolve("ran").toString();
    Mirai<Object> queued = Mirai.mirai(() -> Files.writeString(Path.of(marker), "ran"), OPTS);
    Await.until(() -> Daemons.info(NAME).executing() == 1);
    assertThat(queued.cancel(true)).isTrue();
    assertThat(Daemons.info(NAME).awaiting()).isZero();
    busy.cancel(true);
    assertThat(Mirai.mirai(() -> "after", OPTS).get(30, TimeUnit.SECONDS)).isEqualTo("after");
    assertThat(Path.of(marker)).doesNotExist();
    // cumulative counts daemons ever connected (one), as mirai; the tasks are in status().
    assertThat(Daemons.info(NAME)).isEqualTo(new Info(1, 1, 0, 0, 3));
    assertThat(Daemons.status(NAME).tasks()).isEqualTo(3);
  }

  @Test
  void canceledRunningTaskIsInterruptedAndTheDaemonTakesTheNext() throws Exception {
    start(1);
    Mirai<Object> busy = Mirai.mirai(() -> {
      try {
        Thread.sleep(60_000);
        return "slept";
      } catch (InterruptedException e) {
        Mirai.globals().put("never seen", 1);
        throw e;
      }
    }, OPTS);
    Await.until(() -> Daemons.info(NAME).executing() == 1);
    busy.cancel(true);
    assertThat(Mirai.mirai(() -> "next", OPTS).get(30, TimeUnit.SECONDS)).isEqualTo("next");
    assertThat(Daemons.status(NAME).connections()).isEqualTo(1);
  }

  @Test
  void memoryCapMakesMiraiWaitAndTryMiraiRefuse() throws Exception {
    Daemons.builder().compute(NAME).n(1).memory(250_000).start();
    Mirai<Object> busy = blocker();
    Await.until(() -> Daemons.info(NAME).executing() == 1);
    byte[] payload = new byte[100_000];
    Mirai<Integer> a = Mirai.mirai(() -> payload.length, OPTS);
    Mirai<Integer> b = Mirai.mirai(() -> payload.length + 1, OPTS);
    Memory memory = Daemons.status(NAME).memory();
    assertThat(memory.usedBytes()).isGreaterThan(200_000).isLessThanOrEqualTo(250_000);
    assertThat(memory.capacityBytes()).isEqualTo(250_000L);
    Optional<Mirai<Integer>> refused = Mirai.tryMirai(() -> payload.length + 2, OPTS);
    assertThat(refused).isEmpty();
    assertThat(Daemons.status(NAME).tasks()).isEqualTo(3);

    CompletableFuture<Mirai<Integer>> blocked =
        CompletableFuture.supplyAsync(() -> Mirai.mirai(() -> payload.length + 3, OPTS));
    Thread.yield();
    assertThat(blocked).isNotDone();
    busy.cancel(true);
    assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo(100_000);
    assertThat(b.get(30, TimeUnit.SECONDS)).isEqualTo(100_001);
    assertThat(blocked.get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS)).isEqualTo(100_003);
    Memory after = Daemons.status(NAME).memory();
    assertThat(after.usedBytes()).isZero();
    // Task sizes differ by a few bytes (lambda names), so the peak may be a little higher later.
    assertThat(after.peakBytes()).isGreaterThanOrEqualTo(memory.usedBytes())
        .isLessThanOrEqualTo(250_000);
  }

  @Test
  void everywhereRunsOncePerDaemonWaitsForMinAndIsASyncPoint() throws Exception {
    Daemons daemons = start(2);
    MiraiMap<Object> everywhere = Mirai.everywhere(() -> {
      Thread.sleep(200);
      Mirai.globals().put("loaded", ProcessHandle.current().pid());
      return ProcessHandle.current().pid();
    }, 3, NAME);
    assertThat(everywhere.size()).isEqualTo(3);
    Mirai<Object> after = Mirai.mirai(() -> Mirai.globals().get("loaded"), OPTS);
    daemons.launchLocal(1);
    Set<Object> pids = new HashSet<>(everywhere.collect());
    assertThat(pids).hasSize(3);
    assertThat(after.get(30, TimeUnit.SECONDS)).isIn(pids);
  }

  @Test
  void seedGivesTheSameStreamsWhateverTheDaemonsAndDispatcher() throws Exception {
    List<Long> one = draws(Daemons.builder().compute(NAME).n(1).seed(42));
    List<Long> three = draws(Daemons.builder().compute(NAME).n(3).seed(42));
    List<Long> direct = draws(Daemons.builder().compute(NAME).n(2).seed(42).dispatcher(false));
    List<Long> other = draws(Daemons.builder().compute(NAME).n(2).seed(43));
    assertThat(three).isEqualTo(one);
    assertThat(direct).isEqualTo(one);
    assertThat(other).isNotEqualTo(one);
    assertThat(new HashSet<>(one)).hasSize(10);
  }

  private static List<Long> draws(Daemons.Builder builder) throws Exception {
    try (Daemons daemons = builder.start()) {
      return Mirai.map(IntStream.range(0, 10).boxed().toList(),
          i -> Mirai.random().nextLong(), OPTS).collect();
    }
  }

  @Test
  void refusedTryMiraiDoesNotAdvanceTheStreams() throws Exception {
    List<Long> plain = new ArrayList<>();
    try (Daemons d = Daemons.builder().compute(NAME).n(1).seed(7).start()) {
      plain.add(Mirai.mirai(() -> Mirai.random().nextLong(), OPTS).get());
      plain.add(Mirai.mirai(() -> Mirai.random().nextLong(), OPTS).get());
    }
    try (Daemons d = Daemons.builder().compute(NAME).n(1).seed(7).memory(1_000).start()) {
      Mirai<Object> busy = blocker();
      Await.until(() -> Daemons.info(NAME).executing() == 1);
      byte[] big = new byte[5_000];
      Mirai<Long> first = Mirai.mirai(() -> Mirai.random().nextLong() + big.length * 0L, OPTS);
      assertThat(Mirai.tryMirai(() -> Mirai.random().nextLong(), OPTS)).isEmpty();
      busy.cancel(true);
      long a = first.get(30, TimeUnit.SECONDS);
      long b = Mirai.mirai(() -> Mirai.random().nextLong(), OPTS).get();
      // The blocker took the first stream; first and b took the next two.
      assertThat(a).isEqualTo(plain.get(1));
      assertThat(b).isNotEqualTo(a);
    }
  }

  @Test
  void mapCollectsInItemOrderWithAProgressBar() throws Exception {
    start(2);
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true));
    List<Integer> squares;
    try {
      squares = Mirai.map(List.of(1, 2, 3, 4, 5), x -> x * x, OPTS).collect(Collect.PROGRESS);
    } finally {
      System.setErr(stderr);
    }
    assertThat(squares).containsExactly(1, 4, 9, 16, 25);
    assertThat(captured.toString()).contains("mirai_map").contains("5/5");
  }

  @Test
  void mapStopCancelsTheRestAndNamesTheFailedIndex() throws Exception {
    start(2);
    MiraiMap<Integer> map = Mirai.map(List.of(0, 1, 2, 3, 4, 5, 6, 7), x -> {
      if (x == 3) {
        throw new IllegalArgumentException("bad item");
      }
      Thread.sleep(x < 3 ? 0 : 30_000);
      return x;
    }, OPTS);
    assertThatThrownBy(() -> map.collect(Collect.STOP))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("item 3")
        .cause().isInstanceOf(MiraiError.class).hasMessage("bad item");
    List<Result<Integer>> results = map.results();
    assertThat(results.get(3).error()).isInstanceOf(MiraiError.class);
    // Items 4-7 would take 30 s each: collect returned long before, so STOP canceled them.
    for (int i = 4; i < 8; i++) {
      assertThat(results.get(i).error())
          .isInstanceOf(java.util.concurrent.CancellationException.class);
    }
    assertThat(map.resolved()).isEqualTo(8);
  }

  @Test
  void stressScenarioCompletesExactlyEveryTask() throws Exception {
    start(4);
    Mirai.everywhere(() -> Mirai.globals().put("a", 1), 1, NAME);
    Mirai.everywhere(() -> Mirai.globals().put("b", 2), 1, NAME);
    MiraiMap<Integer> map = Mirai.map(IntStream.range(0, 10).boxed().toList(), x -> x, OPTS);
    List<Mirai<Integer>> all = new ArrayList<>(20_000);
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 10_000; i++) {
        int v = i;
        all.add(Mirai.mirai(() -> v, OPTS));
      }
    }
    long sum = 0;
    for (Mirai<Integer> m : all) {
      sum += m.get(60, TimeUnit.SECONDS);
    }
    assertThat(sum).isEqualTo(2L * 10_000 * 9_999 / 2);
    assertThat(map.collect()).hasSize(10);
    Await.until(() -> Daemons.info(NAME).completed() == 20_018);
    assertThat(Daemons.info(NAME)).isEqualTo(new Info(4, 4, 0, 0, 20_018));
    assertThat(Daemons.status(NAME).tasks()).isEqualTo(20_018);
  }

  @Test
  void localDaemonIgnoringTheCancelIsReplacedAfterTheGrace() throws Exception {
    start(1);
    Mirai<Object> stubborn = Mirai.mirai(() -> {
      while (true) {
        Thread.onSpinWait();
      }
    }, OPTS);
    Await.until(() -> Daemons.info(NAME).executing() == 1);
    assertThat(stubborn.cancel(true)).isTrue();
    assertThat(Mirai.mirai(() -> "fresh daemon", OPTS).get(60, TimeUnit.SECONDS))
        .isEqualTo("fresh daemon");
    // Two daemons ever connected: the stuck one and its replacement; two tasks completed.
    assertThat(Daemons.info(NAME)).isEqualTo(new Info(1, 2, 0, 0, 2));
    assertThat(Daemons.status(NAME).relaunched()).isEqualTo(1);
  }

  @Test
  void stopOnALargeMapCancelsEveryQueuedItemAndTheCountersAddUp() throws Exception {
    start(1);
    // One task per item, so that every item is a task the counters count.
    MiraiMap<Integer> map = Mirai.map(IntStream.range(0, 20_000).boxed().toList(), x -> {
      if (x == 0) {
        throw new IllegalStateException("first fails");
      }
      return x;
    }, OPTS.withChunk(1));
    assertThatThrownBy(() -> map.collect(Collect.STOP)).hasMessageContaining("item 0");
    Await.until(() -> Daemons.info(NAME).awaiting() == 0 && Daemons.info(NAME).executing() == 0);
    Info info = Daemons.info(NAME);
    assertThat(Daemons.status(NAME).tasks()).isEqualTo(20_000);
    assertThat(info.completed()).isEqualTo(20_000);
    assertThat(map.resolved()).isEqualTo(20_000);
    // The queue is clean: the next mirai runs at once.
    assertThat(Mirai.mirai(() -> "next", OPTS).get(30, TimeUnit.SECONDS)).isEqualTo("next");
  }
}
