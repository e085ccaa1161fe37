package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.testing.Await;

/** Chunked maps and the MiraiMap API, with real local daemon JVMs. */
class MapChunkTest {
  private static final String NAME = "map-chunk-test";
  private static final Opts OPTS = Opts.compute(NAME);

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  private static Daemons start(int n) {
    return Daemons.builder().compute(NAME).n(n).start();
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  /**
   * Blocks a task on its daemon until the test lets it go, without polling: the task connects
   * to the test's socket and reads a byte; the test's accept() returning says the task is there.
   */
  static int passGate(int port, int value) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.getInputStream().read();
    }
    return value;
  }

  @Test
  void aFixedChunkSizeSendsFewerTasksAndKeepsEachItemsValueOrErrorInOrder() throws Exception {
    start(2);
    MiraiMap<Integer> map = Mirai.map(range(1000), x -> {
      if (x % 97 == 5) {
        throw new IllegalArgumentException("bad " + x);
      }
      return x * 2;
    }, OPTS.withChunk(50));
    List<Result<Integer>> results = map.results();
    assertThat(results).hasSize(1000);
    for (int i = 0; i < 1000; i++) {
      if (i % 97 == 5) {
        assertThat(results.get(i).error()).isInstanceOf(MiraiError.class).hasMessage("bad " + i);
      } else {
        assertThat(results.get(i).value()).isEqualTo(i * 2);
      }
    }
    assertThat(Daemons.status(NAME).tasks()).isEqualTo(20);
    assertThatThrownBy(map::collect).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("item 5 failed").cause().hasMessage("bad 5");
  }

  @Test
  void measuredChunksGroupTinyItemsIntoFarFewerTasks() throws Exception {
    start(2);
    List<Integer> doubled = Mirai.map(range(20_000), x -> x * 2, OPTS).collect();
    assertThat(doubled).isEqualTo(range(20_000).stream().map(x -> x * 2).toList());
    assertThat(Daemons.status(NAME).tasks()).isLessThan(2_000);
  }

  @Test
  void itemsSlowerThanAChunkIsMeantToTakeStayOneItemPerTask() throws Exception {
    start(2);
    List<Integer> values = Mirai.map(range(12), x -> {
      Thread.sleep(20); // each item alone outlasts the 5 ms a chunk aims at
      return x;
    }, OPTS).collect();
    assertThat(values).isEqualTo(range(12));
    assertThat(Daemons.status(NAME).tasks()).isEqualTo(12);
  }

  @Test
  void aSeededMapGivesTheSameValuesWhateverTheChunkSizeAndDaemons() throws Exception {
    List<Long> plain = new ArrayList<>();
    try (Daemons d = Daemons.builder().compute(NAME).n(1).seed(42).start()) {
      List<Mirai<Long>> one = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        one.add(Mirai.mirai(() -> Mirai.random().nextLong(), OPTS));
      }
      for (Mirai<Long> m : one) {
        plain.add(m.get());
      }
    }
    List<Long> single = seededDraws(1, OPTS.withChunk(1));
    List<Long> measured = seededDraws(2, OPTS);
    List<Long> sevens = seededDraws(3, OPTS.withChunk(7));
    List<Long> whole = seededDraws(2, OPTS.withChunk(300));
    List<Long> inProcess;
    try (Daemons d = Daemons.builder().compute(NAME).sync(true).seed(42).start()) {
      inProcess = Mirai.map(range(300), i -> Mirai.random().nextLong(), OPTS.withChunk(32))
          .collect();
    }
    assertThat(single).isEqualTo(plain);
    assertThat(measured).isEqualTo(plain);
    assertThat(sevens).isEqualTo(plain);
    assertThat(whole).isEqualTo(plain);
    assertThat(inProcess).isEqualTo(plain);
    assertThat(new HashSet<>(plain)).hasSize(300);
  }

  private static List<Long> seededDraws(int daemons, Opts opts) throws Exception {
    try (Daemons d = Daemons.builder().compute(NAME).n(daemons).seed(42).start()) {
      return Mirai.map(range(300), i -> Mirai.random().nextLong(), opts).collect();
    }
  }

  @Test
  void stopOnAChunkedMapNamesTheFailedItemAndCancelsTheRest() throws Exception {
    start(1);
    MiraiMap<Integer> map = Mirai.map(range(100), x -> {
      if (x == 55) {
        throw new IllegalStateException("item 55 fails");
      }
      if (x >= 60) {
        Thread.sleep(60_000);
      }
      return x;
    }, OPTS.withChunk(10));
    assertThatThrownBy(() -> map.collect(Collect.STOP)).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("item 55").cause().hasMessage("item 55 fails");
    List<Result<Integer>> results = map.results();
    // Its chunk's values resolve with it; earlier chunks may have been stopped still decoding.
    for (int i = 50; i < 60; i++) {
      if (i == 55) {
        assertThat(results.get(i).error()).isInstanceOf(MiraiError.class);
      } else {
        assertThat(results.get(i).value()).isEqualTo(i);
      }
    }
    for (int i = 60; i < 100; i++) {
      assertThat(results.get(i).error()).isInstanceOf(CancellationException.class);
    }
    // The canceled chunks' evaluations were interrupted: the daemons are free again.
    Await.until(() -> Daemons.info(NAME).executing() == 0 && Daemons.info(NAME).awaiting() == 0);
    assertThat(Mirai.mirai(() -> "next", OPTS).get(30, TimeUnit.SECONDS)).isEqualTo("next");
  }

  @Test
  void cancelingOneItemOfARunningChunkLeavesTheOthersTheirValues() throws Exception {
    start(1);
    try (ServerSocket gate = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      int port = gate.getLocalPort();
      MiraiMap<Integer> map = Mirai.map(range(4),
          x -> x == 3 ? passGate(port, x) : x, OPTS.withChunk(4));
      try (Socket waiting = gate.accept()) { // item 3 runs: the chunk is on the daemon
        assertThat(map.mirai().get(1).cancel(true)).isTrue();
        assertThat(map.mirai().get(1).isCancelled()).isTrue();
        assertThat(map.mirai().get(0).unresolved()).isTrue();
        waiting.getOutputStream().write(1);
      }
      List<Result<Integer>> results = map.results();
      assertThat(results.get(0).value()).isZero();
      assertThat(results.get(1).error()).isInstanceOf(CancellationException.class);
      assertThat(results.get(2).value()).isEqualTo(2);
      assertThat(results.get(3).value()).isEqualTo(3);
      assertThat(map.mirai().get(2).daemon()).isPresent();
      assertThat(map.mirai().get(1).daemon()).isEmpty();
    }
  }

  @Test
  void cancelOnAMapCancelsEveryUnresolvedItemAndInterruptsTheirChunks() throws Exception {
    start(2);
    MiraiMap<Object> map = Mirai.map(range(6), x -> {
      Thread.sleep(60_000);
      return x;
    }, OPTS.withChunk(3));
    Await.until(() -> Daemons.info(NAME).executing() == 2);
    assertThat(map.cancel()).isEqualTo(6);
    assertThat(map.cancel()).isZero();
    assertThat(map.mirai()).allMatch(Mirai::isCancelled);
    Await.until(() -> Daemons.info(NAME).executing() == 0);
    assertThat(Mirai.mirai(() -> "free", OPTS).get(30, TimeUnit.SECONDS)).isEqualTo("free");
  }

  @Test
  void toCompletableFutureCompletesWithTheValuesInOrderOrAtTheFirstFailure() throws Exception {
    start(2);
    CompletableFuture<List<Integer>> ok =
        Mirai.map(range(50), x -> x + 1, OPTS).toCompletableFuture();
    assertThat(ok.get(30, TimeUnit.SECONDS)).isEqualTo(IntStream.range(1, 51).boxed().toList());

    CompletableFuture<List<Integer>> failing = Mirai.map(range(5), x -> 10 / (x - 2), OPTS)
        .toCompletableFuture();
    assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(MiraiError.class).hasMessage("/ by zero");
    assertThatThrownBy(failing::join).isInstanceOf(CompletionException.class)
        .hasMessageContaining("item 2 failed");

    MiraiMap<Object> slow = Mirai.map(range(2), x -> {
      Thread.sleep(60_000);
      return x;
    }, OPTS);
    CompletableFuture<List<Object>> canceled = slow.toCompletableFuture();
    slow.cancel();
    assertThatThrownBy(() -> canceled.get(30, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class).hasMessageContaining("was canceled");
  }

  @Test
  void resultsWithProgressKeepTheErrorValuesAndDrawTheNamedBar() throws Exception {
    start(2);
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true));
    List<Result<Integer>> results;
    try {
      results = Mirai.map(range(6), x -> 12 / (x - 4), OPTS).named("twelfths")
          .results(Collect.PROGRESS);
    } finally {
      System.setErr(stderr);
    }
    assertThat(results).hasSize(6);
    assertThat(results.get(4).error()).isInstanceOf(MiraiError.class).hasMessage("/ by zero");
    assertThat(results.get(5).value()).isEqualTo(12);
    assertThat(captured.toString()).contains("twelfths").contains("6/6");
  }

  @Test
  void resultsWithStopCancelTheRestAtTheFirstFailureWithoutThrowing() throws Exception {
    start(1);
    List<Result<Integer>> results = Mirai.map(range(5), x -> {
      if (x == 0) {
        throw new IllegalStateException("first");
      }
      Thread.sleep(60_000);
      return x;
    }, OPTS.withChunk(1)).results(Collect.STOP);
    assertThat(results.get(0).error()).hasMessage("first");
    for (int i = 1; i < 5; i++) {
      assertThat(results.get(i).error()).isInstanceOf(CancellationException.class);
    }
  }

  @Test
  void itemsStillWaitingOnTheHostResolveWhenTheProfileIsClosedUnderTheMap() throws Exception {
    start(2);
    MiraiMap<Integer> map = Mirai.map(range(200_000), x -> x, OPTS); // most wait on the host
    Daemons.terminate(NAME);
    List<Result<Integer>> results = map.results();
    assertThat(results).hasSize(200_000);
    for (Result<Integer> r : results) {
      if (r.isError()) {
        assertThat(r.error()).isInstanceOf(ErrorValueException.class);
        assertThat(((ErrorValueException) r.error()).value())
            .isEqualTo(ErrorValue.CONNECTION_RESET);
      }
    }
  }

  @Test
  void aBadNameOrChunkSizeIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> Opts.chunk(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
    assertThatThrownBy(() -> Opts.defaults().withChunk(-3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
    start(1);
    MiraiMap<Integer> map = Mirai.map(range(1), x -> x, OPTS);
    assertThatThrownBy(() -> map.named(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("' '");
  }

  @Test
  void aFunctionThatCannotBeSerializedFailsTheMapAtOnce() {
    start(1);
    Object opaque = new Object();
    assertThatThrownBy(() -> Mirai.map(range(3), x -> x + opaque.hashCode(), OPTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
  }
}
