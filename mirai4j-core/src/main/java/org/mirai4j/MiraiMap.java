package org.mirai4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mirai4j.internal.dispatch.TaskOutcome;

/**
 * The mirai of a {@link Mirai#map} or {@link Mirai#everywhere} call, one per item, in item
 * order (R: a 'mirai_map').
 *
 * <pre>{@code
 * MiraiMap<Integer> squares = Mirai.map(List.of(1, 2, 3), x -> x * x);
 * squares.collect(Collect.PROGRESS, Collect.STOP);   // [1, 4, 9], with a progress bar
 * }</pre>
 *
 * @param <T> the value type
 */
public final class MiraiMap<T> {
  private final List<Mirai<T>> mirai;

  MiraiMap(List<Mirai<T>> mirai) {
    this.mirai = List.copyOf(mirai);
  }

  /** The mirai, in item order. */
  public List<Mirai<T>> mirai() {
    return mirai;
  }

  /** How many items. */
  public int size() {
    return mirai.size();
  }

  /** How many have resolved now. */
  public int resolved() {
    int n = 0;
    for (Mirai<T> m : mirai) {
      if (!m.unresolved()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Waits for every value (R: {@code collect_mirai()} / {@code m[]}).
   *
   * @param options {@link Collect#PROGRESS} for a progress bar on stderr; {@link Collect#STOP}
   *     to cancel the rest at the first failure
   * @return the values in item order
   * @throws ExecutionException for the first failed item (in item order, or the first to fail
   *     with STOP), its message naming the item's index and its cause the error
   * @throws CancellationException when an item was canceled
   */
  public List<T> collect(Collect... options) throws InterruptedException, ExecutionException {
    boolean progress = false;
    boolean stop = false;
    for (Collect option : options) {
      progress |= option == Collect.PROGRESS;
      stop |= option == Collect.STOP;
    }
    ProgressBar bar = progress ? progressBar() : null;
    try {
      if (stop) {
        int failed = awaitAllOrFirstFailure();
        if (failed >= 0) {
          for (Mirai<T> m : mirai) {
            m.cancel(true);
          }
          throw failure(failed);
        }
      }
      List<T> values = new ArrayList<>(mirai.size());
      for (int i = 0; i < mirai.size(); i++) {
        Result<T> r = mirai.get(i).result();
        if (r.isError()) {
          throw failure(i);
        }
        values.add(r.value());
      }
      return values;
    } finally {
      if (bar != null) {
        bar.stepTo(resolved());
        bar.close();
      }
    }
  }

  /** Waits for every outcome, failures as values, in item order. */
  public List<Result<T>> results() throws InterruptedException {
    List<Result<T>> results = new ArrayList<>(mirai.size());
    for (Mirai<T> m : mirai) {
      results.add(m.result());
    }
    return results;
  }

  private ExecutionException failure(int index) throws InterruptedException {
    Throwable error = mirai.get(index).result().error();
    if (error instanceof CancellationException) {
      CancellationException c = new CancellationException("item " + index + " was canceled");
      c.initCause(error);
      throw c;
    }
    return new ExecutionException("item " + index + " failed: " + error, error);
  }

  /** Returns the index of the first item to fail, or -1 when all succeeded. */
  private int awaitAllOrFirstFailure() throws InterruptedException {
    CompletableFuture<Integer> firstFailure = new CompletableFuture<>();
    CompletableFuture<?>[] all = new CompletableFuture<?>[mirai.size()];
    for (int i = 0; i < mirai.size(); i++) {
      int index = i;
      all[i] = mirai.get(i).outcomeFuture().whenComplete((outcome, e) -> {
        if (outcome != null && !outcome.isValue()) {
          firstFailure.complete(index);
        }
      });
    }
    CompletableFuture.allOf(all).thenRun(() -> firstFailure.complete(-1));
    try {
      return firstFailure.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  private ProgressBar progressBar() {
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName("mirai_map")
        .setInitialMax(mirai.size())
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(100)
        .continuousUpdate()
        .build();
    AtomicInteger done = new AtomicInteger();
    for (Mirai<T> m : mirai) {
      m.outcomeFuture().whenComplete((TaskOutcome o, Throwable e) -> bar.stepTo(done.incrementAndGet()));
    }
    return bar;
  }
}
