package org.mirai4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.mirai4j.internal.dispatch.TaskOutcome;
import org.mirai4j.internal.progress.Progress;

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
  /** The progress bar's name unless {@link #named(String)} gives another. */
  public static final String DEFAULT_NAME = "mirai_map";

  private final List<Mirai<T>> mirai;
  private final String name;

  MiraiMap(List<Mirai<T>> mirai) {
    this(List.copyOf(mirai), DEFAULT_NAME);
  }

  private MiraiMap(List<Mirai<T>> mirai, String name) {
    this.mirai = mirai;
    this.name = name;
  }

  /**
   * The same mirai under another name, which {@link Collect#PROGRESS} shows on its bar (R: the
   * {@code name} of cli's progress bar).
   *
   * @param name what the bar is called
   * @return a map of the same mirai
   * @throws IllegalArgumentException when the name is blank
   */
  public MiraiMap<T> named(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("the name must not be blank: '" + name + "'");
    }
    return new MiraiMap<>(mirai, name);
  }

  /**
   * The name the progress bar shows.
   *
   * @return {@value #DEFAULT_NAME} unless {@link #named} set another
   */
  public String name() {
    return name;
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
   * <p>With {@link Collect#STOP} the first item to fail <em>in time</em> stops the map at once:
   * every unresolved item is canceled and the exception names that item. mirai collects in
   * item order and so names the lowest failing index, but only once every item before it has
   * resolved; stopping at the first failure in time is what stopping early is for, so the
   * index named is the failure that stopped the map, which need not be the lowest.
   *
   * @param options {@link Collect#PROGRESS} for a progress bar on stderr; {@link Collect#STOP}
   *     to cancel the rest at the first failure
   * @return the values in item order
   * @throws ExecutionException for the first failed item (in item order, or the first to fail
   *     in time with STOP), its message naming the item's index and its cause the error
   * @throws CancellationException when an item was canceled
   */
  public List<T> collect(Collect... options) throws InterruptedException, ExecutionException {
    boolean stop = has(options, Collect.STOP);
    Progress bar = has(options, Collect.PROGRESS) ? progressBar() : null;
    try {
      if (stop) {
        int failed = awaitAllOrFirstFailure();
        if (failed >= 0) {
          cancel();
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

  /**
   * Waits for every outcome, failures as values, in item order, with options (R: {@code
   * x[.progress]}, which keeps the error values too).
   *
   * @param options {@link Collect#PROGRESS} for a progress bar on stderr; {@link Collect#STOP}
   *     to cancel every unresolved item at the first failure in time (they are then
   *     cancellations among the results) instead of throwing
   * @return the outcomes in item order
   * @throws InterruptedException when the calling thread is interrupted while waiting
   */
  public List<Result<T>> results(Collect... options) throws InterruptedException {
    boolean stop = has(options, Collect.STOP);
    Progress bar = has(options, Collect.PROGRESS) ? progressBar() : null;
    try {
      if (stop && awaitAllOrFirstFailure() >= 0) {
        cancel();
      }
      return results();
    } finally {
      if (bar != null) {
        bar.stepTo(resolved());
        bar.close();
      }
    }
  }

  /**
   * Cancels every unresolved item (R: {@code stop_mirai()} on a map), as {@link
   * Mirai#cancel(boolean)} does each: queued ones never run, running ones are interrupted on
   * their daemons.
   *
   * @return how many this call canceled
   */
  public int cancel() {
    int canceled = 0;
    for (Mirai<T> m : mirai) {
      if (m.cancel(true)) {
        canceled++;
      }
    }
    return canceled;
  }

  /**
   * A CompletableFuture of all the values, in item order. It completes when every item has
   * resolved, or exceptionally at the first item to fail in time, as {@link #collect} would
   * throw: {@code get()} then throws an {@code ExecutionException} whose cause is the item's
   * error ({@code join()} a {@code CompletionException} whose message names the item's index),
   * or a {@code CancellationException} for a canceled item. No thread waits for it. Completing
   * or canceling the returned future does not affect the mirai; {@link #cancel()} does.
   *
   * @return a future of the values in item order
   */
  public CompletableFuture<List<T>> toCompletableFuture() {
    CompletableFuture<List<T>> all = new CompletableFuture<>();
    Object[] values = new Object[mirai.size()];
    AtomicInteger remaining = new AtomicInteger(mirai.size());
    if (mirai.isEmpty()) {
      all.complete(List.of());
    }
    for (int i = 0; i < mirai.size(); i++) {
      int index = i;
      mirai.get(i).toCompletableFuture().whenComplete((value, e) -> {
        if (e != null) {
          Throwable error = e instanceof CompletionException && e.getCause() != null
              ? e.getCause() : e;
          if (error instanceof CancellationException) {
            CancellationException c = new CancellationException("item " + index + " was canceled");
            c.initCause(error);
            all.completeExceptionally(c);
          } else {
            all.completeExceptionally(
                new CompletionException("item " + index + " failed: " + error, error));
          }
          return;
        }
        values[index] = value;
        if (remaining.decrementAndGet() == 0) {
          all.complete(valueList(values));
        }
      });
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  private List<T> valueList(Object[] values) {
    List<T> list = new ArrayList<>(values.length);
    for (Object v : values) {
      list.add((T) v);
    }
    return list;
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

  private Progress progressBar() {
    Progress bar = Progress.open(name, mirai.size());
    AtomicInteger done = new AtomicInteger();
    for (Mirai<T> m : mirai) {
      m.outcomeFuture().whenComplete((TaskOutcome o, Throwable e) -> bar.stepTo(done.incrementAndGet()));
    }
    return bar;
  }

  private static boolean has(Collect[] options, Collect option) {
    for (Collect o : options) {
      if (o == option) {
        return true;
      }
    }
    return false;
  }
}
