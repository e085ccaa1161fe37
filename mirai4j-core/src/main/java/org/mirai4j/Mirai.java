package org.mirai4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.mirai4j.internal.daemon.EvalContext;
import org.mirai4j.internal.dispatch.PendingTask;
import org.mirai4j.internal.dispatch.TaskOutcome;
import org.mirai4j.internal.host.Profile;
import org.mirai4j.internal.host.Profiles;
import org.mirai4j.internal.protocol.Payloads;
import org.mirai4j.internal.serial.RemoteError;

/**
 * A mirai: the future value of a {@link Task} evaluated in a daemon JVM (R: {@code mirai()}).
 * {@link #mirai(Task)} returns at once; the task runs on the next free daemon of the compute
 * profile set up by {@link Daemons}, or, when none is set, on an ephemeral daemon started for
 * it.
 *
 * <pre>{@code
 * try (Daemons daemons = Daemons.start(4)) {
 *   int x = 21;
 *   Mirai<Integer> m = Mirai.mirai(() -> x * 2);
 *   m.get();                                      // 42, computed in a daemon JVM
 * }
 * }</pre>
 *
 * <h2>Outcomes</h2>
 *
 * Every mirai resolves exactly once: to its task's value; to a {@link MiraiError} when the task
 * threw (with the remote class, message, stack trace and cause chain); to a
 * {@link MiraiInterrupt} when the evaluation was interrupted; to an {@link ErrorValueException}
 * when it timed out or its daemon was lost ({@link ErrorValue}); or to cancellation. A task
 * whose daemon is lost while running it is run again on another daemon only when asked
 * ({@link Opts#retries(int)}, {@link Daemons.Builder#retries(int)}): it may then have run,
 * in part or whole, more than once, but at most {@code retries + 1} times.
 * {@link #get()} throws these as the cause of an {@link ExecutionException} (cancellation as a
 * {@link CancellationException}); {@link #result()} returns them as values.
 *
 * <h2>Threads</h2>
 *
 * All methods are thread-safe. {@code get()} and {@code result()} block the caller until the
 * mirai resolves; the result is decoded on the first caller's thread and kept.
 *
 * @param <T> the value type
 */
public final class Mirai<T> implements Future<T> {
  private static final Map<String, Object> HOST_GLOBALS = new java.util.concurrent.ConcurrentHashMap<>();

  private final PendingTask task;
  private final Profile profile;
  /** For an item of a chunked map: the map that sends it, else null. */
  private final MapFeed<?, ?> feed;
  /** The item's index in {@link #feed}. */
  private final int index;
  private volatile Result<T> decoded;
  private volatile CompletableFuture<T> completable;

  private Mirai(PendingTask task, Profile profile) {
    this(task, profile, null, -1);
  }

  /** An item of a chunked map: {@code task} only carries its id and future, never sent. */
  Mirai(PendingTask task, Profile profile, MapFeed<?, ?> feed, int index) {
    this.task = task;
    this.profile = profile;
    this.feed = feed;
    this.index = index;
  }

  // ---- creating ----

  /**
   * Evaluates a task asynchronously in a daemon of the current compute profile.
   *
   * @throws IllegalArgumentException when the task or a value it captures cannot be serialized
   *     (the message names the class)
   * @throws IllegalStateException when interrupted while waiting for room under the memory cap
   */
  public static <T> Mirai<T> mirai(Task<T> task) {
    return mirai(task, Opts.defaults());
  }

  /** As {@link #mirai(Task)}, with a timeout and/or a named compute profile. */
  public static <T> Mirai<T> mirai(Task<T> task, Opts opts) {
    try {
      return submit(task, opts, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for queue memory", e);
    }
  }

  /**
   * As {@link #mirai(Task)}, but returns empty at once, with no side effect, when the profile's
   * memory cap ({@link Daemons.Builder#memory(long)}) has no room for the task.
   */
  public static <T> Optional<Mirai<T>> tryMirai(Task<T> task) {
    return tryMirai(task, Opts.defaults());
  }

  /** As {@link #tryMirai(Task)}, with options. */
  public static <T> Optional<Mirai<T>> tryMirai(Task<T> task, Opts opts) {
    try {
      return Optional.ofNullable(submit(task, opts, false));
    } catch (InterruptedException e) {
      throw new AssertionError("a non-blocking submit cannot be interrupted", e);
    }
  }

  private static <T> Mirai<T> submit(Task<T> task, Opts opts, boolean block)
      throws InterruptedException {
    java.util.Objects.requireNonNull(task, "task");
    Profile profile = Daemons.profileFor(opts.compute());
    PendingTask pending = profile.submit(task, opts.timeout(), opts.retries(), opts.requires(), block);
    return pending == null ? null : new Mirai<>(pending, profile);
  }

  /**
   * Applies a function to each item in parallel, one mirai per item, in item order (R: {@code
   * mirai_map()}). Returns at once.
   *
   * <pre>{@code
   * List<Double> roots = Mirai.map(List.of(1.0, 4.0, 9.0), Math::sqrt).collect(Collect.PROGRESS);
   * }</pre>
   *
   * <h4>Chunks</h4>
   *
   * Tiny items are sent several to a task, so a map of a million one-microsecond items is not
   * a million round trips: the chunk size starts at 1 and is set from the time and bytes per
   * item the first chunks report (see {@link Opts#chunk(int)}, which fixes it; {@code
   * Opts.chunk(1)} sends one task per item). While the size is being learnt the rest of the
   * items wait on the host and are sent as chunks finish, a few chunks per daemon ahead; once
   * items prove slow (a few milliseconds or more each) the rest are all sent at once, one per
   * task. Whatever the chunking, each item keeps its own mirai: its own value or error (an
   * item that throws fails alone; the others of its chunk keep their values), its own step of
   * the progress bar and, with {@link Daemons.Builder#seed(long)}, its own random stream, the
   * one the i-th mirai submitted at this point would get, so a seeded map gives the same values
   * whatever the chunk size and the number of daemons. The timeout, retries, labels and compute
   * profile of the options apply to each chunk as to one mirai: a timeout or a lost daemon
   * resolves every unresolved item of the chunk, and a retry runs the whole chunk again. A
   * value that cannot be serialized fails its whole chunk, naming the class. Canceling one
   * item resolves it to cancellation at once; the rest of its chunk runs on, and the chunk's
   * evaluation is interrupted on its daemon only when all of its items are canceled (as by
   * {@link MiraiMap#cancel()} or {@link Collect#STOP}). A chunked item's result is decoded on a
   * mirai4j thread when its chunk returns, not on the first caller's thread, and {@link
   * #daemon()} names the daemon that ran its chunk.
   *
   * @throws IllegalStateException when no daemons are set (R: {@code require_daemons()})
   * @throws IllegalArgumentException when the function, or an item of the first chunk, cannot
   *     be serialized (an item of a later chunk that cannot be resolves to the {@code
   *     IllegalArgumentException} instead, with the other items of its chunk)
   */
  public static <X, T> MiraiMap<T> map(
      List<X> items, MapFunction<? super X, ? extends T> fn) {
    return map(items, fn, Opts.defaults());
  }

  /**
   * As {@link #map(List, MapFunction)}, with options applied to every mirai.
   *
   * @throws IllegalStateException when no daemons are set for the profile (R: {@code
   *     mirai_map()} calls {@code require_daemons()}): unlike {@link #mirai(Task)}, a map has no
   *     ephemeral daemons to fall back on
   */
  public static <X, T> MiraiMap<T> map(
      List<X> items, MapFunction<? super X, ? extends T> fn, Opts opts) {
    java.util.Objects.requireNonNull(fn, "fn");
    Profile profile = Daemons.requireProfile(opts.compute());
    if (opts.chunk() == null || opts.chunk() > 1) {
      try {
        return new MiraiMap<>(MapFeed.start(profile, items, fn, opts));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for queue memory", e);
      }
    }
    List<Mirai<T>> mirai = new ArrayList<>(items.size());
    for (X item : items) {
      mirai.add(mirai(mapTask(fn, item), opts));
    }
    return new MiraiMap<>(mirai);
  }

  private static <X, T> Task<T> mapTask(MapFunction<? super X, ? extends T> fn, X item) {
    return () -> fn.apply(item);
  }

  /**
   * Evaluates a task once on every connected daemon, for example to load data or set
   * {@link #globals()} (R: {@code everywhere()}). State it sets survives cleanup. With the
   * dispatcher it is a sync point: mirai created afterwards run only once every daemon has
   * taken its copy.
   *
   * @throws IllegalStateException when no daemons are set (R: {@code require_daemons()})
   */
  public static MiraiMap<Object> everywhere(Task<?> task) {
    return everywhere(task, 1, null);
  }

  /**
   * As {@link #everywhere(Task)}, on at least {@code min} daemons (waiting for them to connect)
   * of the named profile.
   *
   * @throws IllegalStateException when no daemons are set for the profile (R: {@code
   *     require_daemons()}): an ephemeral daemon would take the copy and exit
   */
  public static MiraiMap<Object> everywhere(Task<?> task, int min, String compute) {
    Profile profile = Daemons.requireProfile(compute);
    List<Mirai<Object>> mirai = new ArrayList<>();
    for (PendingTask pending : profile.submitEverywhere(task, min)) {
      mirai.add(new Mirai<>(pending, profile));
    }
    return new MiraiMap<>(mirai);
  }

  /**
   * Waits until one of the mirai resolves and returns its index (R: {@code race_mirai()}).
   * No thread waits per mirai: the caller parks until the first completion.
   *
   * @return the index of the first resolved (the lowest if several are), or -1 for an empty list
   *     or when the calling thread is interrupted while waiting (its interrupt status is kept)
   */
  public static int race(List<? extends Mirai<?>> mirai) {
    if (mirai.isEmpty()) {
      return -1;
    }
    CompletableFuture<?>[] futures = new CompletableFuture<?>[mirai.size()];
    for (int i = 0; i < futures.length; i++) {
      futures[i] = mirai.get(i).outcomeFuture();
    }
    try {
      CompletableFuture.anyOf(futures).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a mirai's future never fails", e);
    }
    for (int i = 0; i < mirai.size(); i++) {
      if (!mirai.get(i).unresolved()) {
        return i;
      }
    }
    throw new IllegalStateException("no mirai resolved");
  }

  /** Whether this code runs inside a daemon's evaluation (R: {@code on_daemon()}). */
  public static boolean onDaemon() {
    return EvalContext.current() != null;
  }

  /**
   * The daemon's global state (R: the daemon's global environment). Entries a task puts here
   * are removed by cleanup after it, unless put by an {@link #everywhere(Task)} task. Outside a
   * daemon, a map of the calling JVM.
   */
  public static Map<String, Object> globals() {
    EvalContext context = EvalContext.current();
    return context != null ? context.globals() : HOST_GLOBALS;
  }

  /**
   * This evaluation's random stream. With {@link Daemons.Builder#seed(long)} each mirai gets its
   * own stream in submission order, so results repeat whatever the number of daemons;
   * otherwise each daemon has its own independent stream. Outside a daemon, a new unseeded
   * generator.
   */
  public static RandomGenerator random() {
    EvalContext context = EvalContext.current();
    return context != null ? context.random() : RandomGenerator.of("L64X128MixRandom");
  }

  // ---- the future ----

  /** This mirai's id, increasing per host process. */
  public long id() {
    return task.id();
  }

  /**
   * The daemon that ran this mirai: the one whose result resolved it, as it was when that
   * result arrived (mirai #586). Empty while unresolved, when the host decided the outcome
   * (timed out, canceled, connection reset) and in sync mode. An error the task threw on its
   * daemon, or an interrupt, names the daemon.
   */
  public Optional<DaemonInfo> daemon() {
    if (feed != null) {
      TaskOutcome outcome = task.future().getNow(null);
      return outcome == null || outcome.errorValue() != null
          ? Optional.empty() : Optional.ofNullable(feed.servedBy(index));
    }
    return Optional.ofNullable(task.servedBy());
  }

  /** Whether it is still unresolved (R: {@code unresolved()}). */
  public boolean unresolved() {
    return !task.future().isDone();
  }

  @Override
  public boolean isDone() {
    return !unresolved();
  }

  @Override
  public boolean isCancelled() {
    return task.future().getNow(null) == TaskOutcome.CANCELED;
  }

  /**
   * Waits for the value.
   *
   * @throws ExecutionException with a {@link MiraiError}, {@link MiraiInterrupt} or
   *     {@link ErrorValueException} as the cause
   * @throws CancellationException when the mirai was canceled
   */
  @Override
  public T get() throws InterruptedException, ExecutionException {
    return unwrap(result());
  }

  @Override
  public T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      task.future().get(timeout, unit);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    return unwrap(result());
  }

  private T unwrap(Result<T> result) throws ExecutionException {
    if (!result.isError()) {
      return result.value();
    }
    Throwable error = result.error();
    if (error instanceof CancellationException c) {
      CancellationException copy = new CancellationException(c.getMessage());
      copy.initCause(c);
      throw copy;
    }
    throw new ExecutionException(error);
  }

  /** Waits and returns the outcome as a value; task failures do not throw. */
  public Result<T> result() throws InterruptedException {
    Result<T> r = decoded;
    if (r != null) {
      return r;
    }
    TaskOutcome outcome;
    try {
      outcome = task.future().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a mirai's future never fails", e);
    }
    return decode(outcome);
  }

  private Result<T> decode(TaskOutcome outcome) {
    Result<T> r = decoded;
    if (r != null) {
      return r;
    }
    synchronized (this) {
      if (decoded == null) {
        decoded = toResult(outcome);
        outcome.release(); // keep the value, not the bytes it came in as well
      }
      return decoded;
    }
  }

  @SuppressWarnings("unchecked")
  private Result<T> toResult(TaskOutcome outcome) {
    if (outcome.errorValue() == ErrorValue.CANCELED) {
      return Result.ofError(new CancellationException("mirai " + id() + " was canceled"));
    }
    if (outcome.errorValue() != null) {
      return Result.ofError(outcome.message() == null
          ? new ErrorValueException(outcome.errorValue())
          : new ErrorValueException(outcome.errorValue(), outcome.message()));
    }
    if (outcome.status() == Payloads.RESULT_INTERRUPT) {
      return Result.ofError(new MiraiInterrupt());
    }
    Object value;
    try {
      value = profile.decode(outcome.payload());
    } catch (Exception e) {
      return Result.ofError(RemoteError.of(e.getClass().getName(),
          "cannot decode the result on the host: " + e.getMessage()).toMiraiError());
    }
    return outcome.status() == Payloads.RESULT_ERROR
        ? Result.ofError(toMiraiError((RemoteError) value))
        : Result.ofValue((T) value);
  }

  /** The error, with the original exception when its class resolves here (as RMI gives it). */
  private MiraiError toMiraiError(RemoteError remote) {
    MiraiError error = remote.toMiraiError();
    if (remote.original() != null) {
      try {
        if (profile.decode(remote.original()) instanceof Throwable original) {
          error.original(original);
        }
      } catch (Exception | LinkageError e) {
        // its class is not here, or the filter refused it: the error's data is all there is
      }
    }
    return error;
  }

  /**
   * Cancels the mirai (R: {@code stop_mirai()}): it resolves to cancellation at once; if
   * queued it never runs, if running its evaluation is interrupted on its daemon, which then
   * takes the next task. The cancel names this task, so it can never reach another one.
   *
   * @param mayInterruptIfRunning ignored: a running evaluation is always interrupted
   * @return true if this call resolved it; false if it had resolved already
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (feed != null) {
      synchronized (this) { // not between resolveItem's value and its outcome
        if (!task.future().complete(TaskOutcome.CANCELED)) {
          return false;
        }
      }
      feed.canceled(index);
      return true;
    }
    if (task.future().complete(TaskOutcome.CANCELED)) {
      profile.canceled(task);
      return true;
    }
    return false;
  }

  /**
   * A CompletableFuture that completes with this mirai's value, or exceptionally with the same
   * error {@link #get()} would throw the cause of: a {@link MiraiError}, {@link MiraiInterrupt}
   * or {@link ErrorValueException} (e.g. {@link ErrorValue#TIMED_OUT}). A canceled mirai gives
   * a canceled future, as {@link #get()} throws {@link CancellationException}: {@code
   * isCancelled()} is true and {@code get()} throws it. No thread waits for it: it completes when
   * the mirai resolves. Completing or canceling the returned future does not affect the mirai.
   */
  public CompletableFuture<T> toCompletableFuture() {
    CompletableFuture<T> cf = completable;
    if (cf != null) {
      return cf;
    }
    synchronized (this) {
      if (completable == null) {
        CompletableFuture<T> future = new CompletableFuture<>();
        // decoded off the thread that resolves the mirai (the event loop)
        task.future().thenAcceptAsync(outcome -> {
          Result<T> r;
          try {
            r = decode(outcome);
          } catch (RuntimeException | Error e) {
            future.completeExceptionally(e); // it resolves, whatever happens
            return;
          }
          if (!r.isError()) {
            future.complete(r.value());
          } else if (r.error() instanceof CancellationException) {
            future.cancel(false); // a stage throwing it would read as failed, not canceled
          } else {
            future.completeExceptionally(r.error());
          }
        });
        completable = future;
      }
      return completable;
    }
  }

  @Override
  public String toString() {
    return "Mirai[" + id() + (unresolved() ? ", unresolved]" : ", resolved]");
  }

  /**
   * Resolves an item of a chunked map: with its decoded result, or (null) with the chunk's own
   * outcome, an error value or interrupt, decoded as for any mirai.
   *
   * @param result the item's result, or null to decode {@code outcome}
   * @param outcome what the item's future completes with
   */
  void resolveItem(Result<T> result, TaskOutcome outcome) {
    synchronized (this) {
      if (task.future().isDone()) {
        return; // canceled meanwhile
      }
      if (result != null) {
        decoded = result;
      }
      task.future().complete(outcome);
    }
  }

  // Seen by tests of bounded host memory.
  PendingTask pending() {
    return task;
  }

  // Seen by MiraiMap to count resolved mirai without decoding them.
  CompletableFuture<TaskOutcome> outcomeFuture() {
    return task.future();
  }
}
