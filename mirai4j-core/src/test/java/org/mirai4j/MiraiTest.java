package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Mirai against two real local daemon JVMs with dispatcher. */
class MiraiTest {
  private static Daemons daemons;

  record Point(int x, int y) implements java.io.Serializable {}

  static final class Opaque {}

  @BeforeAll
  static void start() {
    daemons = Daemons.builder().compute("mirai-test").n(2).start();
  }

  @AfterAll
  static void stop() {
    daemons.close();
  }

  private static final Opts OPTS = Opts.compute("mirai-test");

  @Test
  void valueComesBackFromAnotherJvm() throws Exception {
    int x = 21;
    Mirai<Long> pid = Mirai.mirai(() -> ProcessHandle.current().pid(), OPTS);
    assertThat(Mirai.mirai(() -> x * 2, OPTS).get()).isEqualTo(42);
    assertThat(pid.get()).isNotEqualTo(ProcessHandle.current().pid());
    assertThat(Mirai.mirai(Mirai::onDaemon, OPTS).get()).isTrue();
    assertThat(Mirai.onDaemon()).isFalse();
  }

  @Test
  void recordsCollectionsAndLargeArraysTravelBothWays() throws Exception {
    Point p = new Point(1, 2);
    Map<String, List<Integer>> map = Map.of("a", List.of(1, 2, 3));
    double[] big = new double[2_000_000];
    big[1_999_999] = 7.5;
    assertThat(Mirai.mirai(() -> new Point(p.x() + 1, p.y() + 1), OPTS).get())
        .isEqualTo(new Point(2, 3));
    assertThat(Mirai.mirai(() -> map.get("a").size(), OPTS).get()).isEqualTo(3);
    double[] back = Mirai.mirai(() -> big, OPTS).get();
    assertThat(back).hasSize(2_000_000);
    assertThat(back[1_999_999]).isEqualTo(7.5);
  }

  @Test
  void taskExceptionArrivesAsMiraiErrorWithRemoteDetails() throws Exception {
    Mirai<Integer> m = Mirai.mirai(() -> {
      throw new IllegalStateException("outer", new ArithmeticException("inner"));
    }, OPTS);
    assertThatThrownBy(m::get).isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(MiraiError.class).hasMessage("outer");
    MiraiError error = (MiraiError) m.result().error();
    assertThat(error.remoteClassName()).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.conditionClasses()).containsExactly(
        "java.lang.IllegalStateException", "java.lang.RuntimeException",
        "java.lang.Exception", "java.lang.Throwable");
    assertThat(error.getStackTrace()).isNotEmpty();
    assertThat(error.getStackTrace()[0].getClassName()).startsWith(MiraiTest.class.getName());
    assertThat(error.getCause()).isInstanceOf(MiraiError.class).hasMessage("inner");
    assertThat(((MiraiError) error.getCause()).remoteClassName())
        .isEqualTo("java.lang.ArithmeticException");
  }

  @Test
  void captureThatCannotBeSerializedFailsInMiraiNamingTheClass() {
    Opaque opaque = new Opaque();
    assertThatThrownBy(() -> Mirai.mirai(() -> opaque.hashCode(), OPTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Opaque.class.getName());
  }

  @Test
  void resultThatCannotBeSerializedIsAMiraiErrorAndTheDaemonCarriesOn() throws Exception {
    Mirai<Object> m = Mirai.mirai(() -> new Opaque(), OPTS);
    Result<Object> r = m.result();
    assertThat(r.isError()).isTrue();
    assertThat(r.error()).isInstanceOf(MiraiError.class)
        .hasMessageContaining(Opaque.class.getName());
    assertThatThrownBy(r::value).isInstanceOf(IllegalStateException.class);
    assertThat(Mirai.mirai(() -> "still serving", OPTS).get()).isEqualTo("still serving");
  }

  @Test
  void interruptedTaskResolvesToMiraiInterrupt() throws Exception {
    Mirai<Object> m = Mirai.mirai(() -> {
      throw new InterruptedException("stop");
    }, OPTS);
    assertThat(m.result().error()).isInstanceOf(MiraiInterrupt.class);
  }

  @Test
  void cancelResolvesAtOnceAndInterruptsTheEvaluation() throws Exception {
    Mirai<String> running = Mirai.mirai(() -> {
      Thread.sleep(60_000);
      return "not interrupted";
    }, OPTS);
    org.mirai4j.testing.Await.until(() -> Daemons.info("mirai-test").executing() >= 1);
    assertThat(running.cancel(true)).isTrue();
    assertThat(running.unresolved()).isFalse();
    assertThat(running.isCancelled()).isTrue();
    assertThat(running.cancel(true)).isFalse();
    assertThatThrownBy(running::get).isInstanceOf(CancellationException.class);
    // Both daemons are free again well before the 60 s sleep would end.
    List<Mirai<Integer>> next = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int v = i;
      next.add(Mirai.mirai(() -> v, OPTS));
    }
    for (int i = 0; i < 4; i++) {
      assertThat(next.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
    }
  }

  @Test
  void timeoutResolvesToTimedOutAndFreesTheDaemon() throws Exception {
    Mirai<String> m = Mirai.mirai(() -> {
      Thread.sleep(60_000);
      return "late";
    }, OPTS.withTimeout(Duration.ofMillis(200)));
    assertThatThrownBy(m::get).cause().isInstanceOf(ErrorValueException.class)
        .extracting(e -> ((ErrorValueException) e).value()).isEqualTo(ErrorValue.TIMED_OUT);
    assertThat(ErrorValue.TIMED_OUT.code()).isEqualTo(5);
    assertThat(Mirai.mirai(() -> 1, OPTS).get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(Mirai.mirai(() -> 2, OPTS).get(30, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void completableFutureCompletesWithValueOrError() throws Exception {
    assertThat(Mirai.mirai(() -> "cf", OPTS).toCompletableFuture().get(30, TimeUnit.SECONDS))
        .isEqualTo("cf");
    assertThatThrownBy(() -> Mirai.mirai(() -> 1 / zero(), OPTS).toCompletableFuture().get())
        .cause().isInstanceOf(MiraiError.class).hasMessage("/ by zero");
  }

  static int zero() {
    return 0;
  }

  @Test
  void idsIncrease() {
    long a = Mirai.mirai(() -> 1, OPTS).id();
    long b = Mirai.mirai(() -> 2, OPTS).id();
    assertThat(b).isGreaterThan(a);
  }

  @Test
  void raceReturnsTheFirstResolved() throws Exception {
    Mirai<Integer> slow = Mirai.mirai(() -> {
      Thread.sleep(60_000);
      return 1;
    }, OPTS);
    Mirai<Integer> fast = Mirai.mirai(() -> 2, OPTS);
    assertThat(Mirai.race(List.of(slow, fast))).isEqualTo(1);
    assertThat(Mirai.race(List.of())).isEqualTo(-1);
    slow.cancel(true);
  }
}
