package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.testing.Await;

/** {@link Daemons#executor()} on real local daemon JVMs. */
class ExecutorServiceTest {
  private static final String NAME = "executor-test";

  @TempDir Path dir;

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
  }

  private static Daemons start(int n) {
    return Daemons.builder().compute(NAME).n(n).start();
  }

  /** A task that waits, interruptibly, until {@code gate} exists, then returns {@code value}. */
  private static Callable<String> gated(String gate, String interrupted, String value) {
    return (Callable<String> & Serializable) () -> {
      try {
        while (!Files.exists(Path.of(gate))) {
          Thread.sleep(10); // the task's own wait on the daemon, not the test's
        }
        return value;
      } catch (InterruptedException e) {
        Files.writeString(Path.of(interrupted), "interrupted");
        throw e;
      }
    };
  }

  /** A task as a class: a Task is Serializable, so one that is also a Callable needs no cast. */
  static final class Answer implements Task<Integer>, Callable<Integer> {
    @Override
    public Integer call() {
      return 6 * 7;
    }
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  private static int executing() {
    return Daemons.info(NAME).executing();
  }

  @Test
  void submitAndExecuteRunOnDaemonsAndGetReturnsTheirValues() throws Exception {
    try (Daemons daemons = start(2)) {
      ExecutorService pool = daemons.executor();
      long host = ProcessHandle.current().pid();
      Future<Long> pid = pool.submit((Callable<Long> & Serializable) () -> ProcessHandle.current().pid());
      assertThat(pid.get()).isNotEqualTo(host);
      assertThat(pool.submit(new Answer()).get()).isEqualTo(42);

      String ran = file("ran");
      Runnable write = (Runnable & Serializable) () -> {
        try {
          Files.writeString(Path.of(ran), "yes");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      };
      assertThat(pool.submit(write).get()).isNull();
      Files.delete(Path.of(ran));
      assertThat(pool.submit(write, "result kept on the host").get())
          .isEqualTo("result kept on the host");
      Files.delete(Path.of(ran));
      pool.execute(write);
      Await.until(() -> Files.exists(Path.of(ran)));
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aTaskThatThrowsFailsItsFutureWithTheMiraiError() throws Exception {
    try (Daemons daemons = start(1)) {
      ExecutorService pool = daemons.executor();
      Future<Integer> f = pool.submit((Callable<Integer> & Serializable) () -> 1 / 0);
      assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(MiraiError.class)
          .satisfies(e -> assertThat(((MiraiError) e).remoteClassName())
              .isEqualTo("java.lang.ArithmeticException"));
    }
  }

  @Test
  void aNonSerializableTaskIsRejectedWithTheFixInTheMessage() {
    try (Daemons daemons = start(0)) {
      ExecutorService pool = daemons.executor();
      Callable<Integer> plain = () -> 1;
      assertThatThrownBy(() -> pool.submit(plain))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining(plain.getClass().getName())
          .hasMessageContaining("cast the lambda to (Callable<T> & Serializable) or use org.mirai4j.Task");
      Runnable run = () -> { };
      assertThatThrownBy(() -> pool.execute(run))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("(Runnable & Serializable)");
      Thread captured = Thread.currentThread();
      Callable<String> capturing = (Callable<String> & Serializable) () -> captured.getName();
      assertThatThrownBy(() -> pool.submit(capturing))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("java.lang.Thread")
          .hasMessageContaining("capture only serializable values");
      pool.shutdown();
      assertThat(pool.isTerminated()).isTrue(); // the rejected ones were never outstanding
    }
  }

  @Test
  void invokeAllReturnsFuturesInTaskOrder() throws Exception {
    try (Daemons daemons = start(2)) {
      ExecutorService pool = daemons.executor();
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int index = i;
        tasks.add((Callable<Integer> & Serializable) () -> {
          Thread.sleep(50L * (6 - index)); // the later, the sooner done
          return index;
        });
      }
      List<Future<Integer>> futures = pool.invokeAll(tasks);
      List<Integer> values = new ArrayList<>();
      for (Future<Integer> f : futures) {
        assertThat(f.isDone()).isTrue();
        values.add(f.get());
      }
      assertThat(values).containsExactly(0, 1, 2, 3, 4, 5);
    }
  }

  @Test
  void invokeAllWithTimeoutCancelsTheUnfinishedOnTheirDaemons() throws Exception {
    try (Daemons daemons = start(2)) {
      ExecutorService pool = daemons.executor();
      String interrupted = file("interrupted");
      List<Callable<String>> tasks = List.of(
          (Callable<String> & Serializable) () -> "quick",
          gated(file("never"), interrupted, "slow"));
      List<Future<String>> futures = pool.invokeAll(tasks, 3, TimeUnit.SECONDS);
      assertThat(futures.get(0).get()).isEqualTo("quick");
      assertThat(futures.get(1).isCancelled()).isTrue();
      assertThatThrownBy(() -> futures.get(1).get()).isInstanceOf(CancellationException.class);
      Await.until(() -> Files.exists(Path.of(interrupted)));
      Await.until(() -> executing() == 0);
    }
  }

  @Test
  void invokeAnyReturnsTheFirstSuccessAndCancelsTheOthersOnTheirDaemons() throws Exception {
    try (Daemons daemons = start(3)) {
      ExecutorService pool = daemons.executor();
      String gate = file("never");
      List<Callable<String>> tasks = List.of(
          gated(gate, file("interrupted-0"), "slow 0"),
          (Callable<String> & Serializable) () -> {
            throw new IllegalStateException("a failure is not a result");
          },
          (Callable<String> & Serializable) () -> "fast",
          gated(gate, file("interrupted-3"), "slow 3"));
      // Three daemons, four tasks: "slow 3" may still be queued when "fast" wins.
      assertThat(pool.invokeAny(tasks)).isEqualTo("fast");
      Await.until(() -> Files.exists(Path.of(file("interrupted-0"))));
      Await.until(() -> executing() == 0);
      assertThat(Daemons.info(NAME).awaiting()).isZero();
    }
  }

  @Test
  void invokeAnyOfOnlyFailuresThrowsOneOfThem() throws Exception {
    try (Daemons daemons = start(1)) {
      ExecutorService pool = daemons.executor();
      List<Callable<Integer>> tasks = List.of(
          (Callable<Integer> & Serializable) () -> 1 / 0,
          (Callable<Integer> & Serializable) () -> 2 / 0);
      assertThatThrownBy(() -> pool.invokeAny(tasks)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(MiraiError.class);
    }
  }

  @Test
  void invokeAnyWithTimeoutThrowsTimeoutExceptionAndCancelsTheTasks() throws Exception {
    try (Daemons daemons = start(1)) {
      ExecutorService pool = daemons.executor();
      String interrupted = file("interrupted");
      List<Callable<String>> tasks = List.of(gated(file("never"), interrupted, "slow"));
      assertThatThrownBy(() -> pool.invokeAny(tasks, 500, TimeUnit.MILLISECONDS))
          .isInstanceOf(TimeoutException.class);
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      Await.until(() -> executing() == 0);
    }
  }

  @Test
  void shutdownRejectsNewTasksAndTerminatesOnceRunningOnesFinish() throws Exception {
    try (Daemons daemons = start(1)) {
      ExecutorService pool = daemons.executor();
      String gate = file("gate");
      Future<String> running = pool.submit(gated(gate, file("interrupted"), "finished"));
      Await.until(() -> executing() == 1);
      pool.shutdown();
      assertThat(pool.isShutdown()).isTrue();
      assertThat(pool.isTerminated()).isFalse();
      assertThat(pool.awaitTermination(0, TimeUnit.SECONDS)).isFalse();
      assertThatThrownBy(() -> pool.submit((Callable<Integer> & Serializable) () -> 1))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("shut down");
      assertThat(running.isDone()).isFalse(); // shutdown() lets accepted tasks run

      Files.writeString(Path.of(gate), "open");
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(pool.isTerminated()).isTrue();
      assertThat(running.get()).isEqualTo("finished");
      assertThat(Daemons.isSet(NAME)).isTrue(); // the executor does not own the profile
    }
  }

  @Test
  void shutdownNowInterruptsTheRunningTaskAndReturnsTheQueuedOnes() throws Exception {
    try (Daemons daemons = start(1)) {
      ExecutorService pool = daemons.executor();
      String interrupted = file("interrupted");
      Future<String> running = pool.submit(gated(file("never"), interrupted, "never"));
      Await.until(() -> executing() == 1);
      List<Runnable> queued = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String mark = file("queued-" + i);
        Runnable r = (Runnable & Serializable) () -> {
          try {
            Files.writeString(Path.of(mark), "ran");
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
        queued.add(r);
        pool.execute(r);
      }
      Await.until(() -> Daemons.info(NAME).awaiting() == 3);

      List<Runnable> neverStarted = pool.shutdownNow();

      assertThat(neverStarted).containsExactlyElementsOf(queued);
      assertThat(running.isCancelled()).isTrue();
      Await.until(() -> Files.exists(Path.of(interrupted)));
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      Await.until(() -> executing() == 0 && Daemons.info(NAME).awaiting() == 0);
      for (int i = 0; i < 3; i++) {
        assertThat(Path.of(file("queued-" + i))).doesNotExist();
      }
    }
  }

  @Test
  void closingTheProfileResetsOutstandingTasksAndTheExecutorRejectsAfterwards() throws Exception {
    Daemons daemons = start(1);
    ExecutorService pool = daemons.executor();
    Future<String> running = pool.submit(gated(file("never"), file("interrupted"), "never"));
    Await.until(() -> executing() == 1);
    daemons.close();
    assertThatThrownBy(running::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(ErrorValueException.class)
        .satisfies(e -> assertThat(((ErrorValueException) e).value())
            .isEqualTo(ErrorValue.CONNECTION_RESET));
    assertThatThrownBy(() -> pool.submit((Callable<Integer> & Serializable) () -> 1))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("closed");
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }
}
