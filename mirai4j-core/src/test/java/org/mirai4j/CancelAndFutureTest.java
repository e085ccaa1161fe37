package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.testing.Await;

/**
 * The bytes of a canceled or timed-out queued task go back to the memory cap, and
 * toCompletableFuture on timeout and cancel, with a real daemon JVM.
 */
class CancelAndFutureTest {
  private static final String NAME = "cancel-future-test";
  private static final Opts OPTS = Opts.compute(NAME);
  private static final long CAP = 10_000;

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  private static Mirai<Object> blocker() {
    return Mirai.mirai(() -> {
      Thread.sleep(60_000);
      return null;
    }, OPTS);
  }

  private static long used() {
    return Daemons.status(NAME).memory().usedBytes();
  }

  @Test
  void aCanceledOrTimedOutQueuedTaskGivesItsBytesBackSoTheNextOneGetsIn() throws Exception {
    Daemons.builder().compute(NAME).n(1).memory(CAP).start();
    Mirai<Object> busy = blocker();
    Await.until(() -> Daemons.info(NAME).executing() == 1);
    assertThat(used()).isZero(); // sent to the daemon: it counts no more

    byte[] payload = new byte[6_000];
    Mirai<Integer> queued = Mirai.mirai(() -> payload.length, OPTS);
    long one = used();
    assertThat(one).isGreaterThan(6_000).isLessThanOrEqualTo(CAP);
    CompletableFuture<Mirai<Integer>> blocked =
        CompletableFuture.supplyAsync(() -> Mirai.mirai(() -> payload.length + 1, OPTS));
    assertThat(blocked).isNotDone(); // no room for a second one until the first goes

    assertThat(queued.cancel(true)).isTrue();
    Mirai<Integer> admitted = blocked.get(30, TimeUnit.SECONDS);
    Await.until(() -> used() > 6_000);
    assertThat(admitted.cancel(true)).isTrue();
    Await.until(() -> used() == 0);

    // a queued task that times out gives its bytes back as well
    Mirai<Integer> timesOut = Mirai.mirai(() -> payload.length, OPTS.withTimeout(
        Duration.ofMillis(200)));
    assertThat(timesOut.result().error()).isInstanceOf(ErrorValueException.class);
    Await.until(() -> used() == 0);
    busy.cancel(true);
    assertThat(Mirai.mirai(() -> "after", OPTS).get(30, TimeUnit.SECONDS)).isEqualTo("after");
    assertThat(Daemons.status(NAME).memory().peakBytes()).isLessThanOrEqualTo(CAP);
    assertThat(used()).isZero();
  }

  @Test
  void toCompletableFutureOfATimedOutMiraiFailsWithTimedOut() throws Exception {
    Daemons.builder().compute(NAME).n(1).start();
    Mirai<Object> slow = Mirai.mirai(() -> {
      Thread.sleep(60_000);
      return null;
    }, OPTS.withTimeout(Duration.ofMillis(300)));
    CompletableFuture<Object> cf = slow.toCompletableFuture();
    assertThatThrownBy(() -> cf.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(ErrorValueException.class)
        .satisfies(e -> assertThat(((ErrorValueException) e).value())
            .isEqualTo(ErrorValue.TIMED_OUT));
    assertThat(cf.isCompletedExceptionally()).isTrue();
    assertThat(cf.isCancelled()).isFalse();
    assertThatThrownBy(cf::join).isInstanceOf(CompletionException.class)
        .cause().isInstanceOf(ErrorValueException.class);
    // the daemon was freed: the next task runs
    assertThat(Mirai.mirai(() -> "next", OPTS).toCompletableFuture().get(30, TimeUnit.SECONDS))
        .isEqualTo("next");
  }

  @Test
  void toCompletableFutureOfACanceledMiraiIsCanceledAsGetIs() throws Exception {
    Daemons.builder().compute(NAME).n(1).start();
    Mirai<Object> running = blocker();
    Mirai<Object> queued = blocker();
    Await.until(() -> Daemons.info(NAME).executing() == 1);
    CompletableFuture<Object> before = running.toCompletableFuture();
    assertThat(running.cancel(true)).isTrue();
    assertThat(queued.cancel(true)).isTrue();
    CompletableFuture<Object> after = queued.toCompletableFuture();

    for (CompletableFuture<Object> cf : java.util.List.of(before, after)) {
      Await.until(cf::isDone);
      assertThat(cf.isCancelled()).isTrue();
      assertThatThrownBy(cf::get).isInstanceOf(CancellationException.class);
      assertThatThrownBy(cf::join).isInstanceOf(CancellationException.class);
    }
    assertThatThrownBy(running::get).isInstanceOf(CancellationException.class);
  }

  @Test
  void cancelingTheCompletableFutureLeavesTheMiraiRunning() throws Exception {
    Daemons.builder().compute(NAME).n(1).start();
    Mirai<String> m = Mirai.mirai(() -> {
      Thread.sleep(500);
      return "done";
    }, OPTS);
    assertThat(m.toCompletableFuture().cancel(true)).isTrue();
    assertThat(m.unresolved()).isTrue();
    assertThat(m.get(30, TimeUnit.SECONDS)).isEqualTo("done");
  }
}
