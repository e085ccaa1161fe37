package org.mirai4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A compute profile as an {@link ExecutorService} (R: {@code make_cluster()}), built on
 * {@link Mirai#mirai(Task, Opts)}: each task is one mirai, each returned future wraps it. No
 * thread waits per task: completion is counted in callbacks on the mirai's future. See
 * {@link Daemons#executor()} for the contract.
 */
final class MiraiExecutorService implements ExecutorService {
  private final Daemons daemons;
  private final Opts opts;
  private final Object lock = new Object();
  /** Submitted (or being submitted) and not yet resolved; guarded by {@link #lock}. */
  private int outstanding;
  private boolean shutdown;
  private volatile boolean stopped; // shutdownNow() was called
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final Set<TaskFuture<?>> live = ConcurrentHashMap.newKeySet();

  MiraiExecutorService(Daemons daemons) {
    this.daemons = daemons;
    this.opts = Opts.compute(daemons.compute());
  }

  // ---- submitting ----

  @Override
  public void execute(Runnable command) {
    submitTask(runnableTask(command), command, true, null);
  }

  @Override
  public Future<?> submit(Runnable task) {
    return submitTask(runnableTask(task), task, true, null);
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return submitTask(runnableTask(task), task, true, result);
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return submitTask(callableTask(task), task, false, null);
  }

  private static Task<Object> runnableTask(Runnable runnable) {
    Objects.requireNonNull(runnable, "task");
    requireSerializable(runnable, "(Runnable & Serializable)", "");
    return new RunnableTask(runnable);
  }

  private static <T> Task<T> callableTask(Callable<T> callable) {
    Objects.requireNonNull(callable, "task");
    if (callable instanceof Task<?>) {
      @SuppressWarnings("unchecked")
      Task<T> task = (Task<T>) callable;
      return task;
    }
    requireSerializable(callable, "(Callable<T> & Serializable)",
        " or use org.mirai4j.Task (a class implementing both Task and Callable)");
    return new CallableTask<>(callable);
  }

  private static void requireSerializable(Object task, String cast, String orElse) {
    if (!(task instanceof Serializable)) {
      throw new RejectedExecutionException(task.getClass().getName()
          + " is not java.io.Serializable, so it cannot be sent to a daemon: cast the lambda to "
          + cast + orElse);
    }
  }

  /**
   * Submits one task.
   *
   * @param runnable whether the task was given as a Runnable: its future returns {@code value}
   * @param value for a Runnable: what the future returns, kept on the host
   */
  private <T, V> TaskFuture<V> submitTask(
      Task<T> task, Object original, boolean runnable, V value) {
    synchronized (lock) {
      if (shutdown) {
        throw new RejectedExecutionException(
            "the executor of profile " + daemons.compute() + " has been shut down");
      }
      outstanding++;
    }
    Mirai<T> mirai;
    try {
      if (!daemons.isCurrent()) {
        // Mirai.mirai would fall back to an ephemeral daemon: this executor is the profile's only.
        throw new RejectedExecutionException("profile " + daemons.compute()
            + " is closed: its executor takes no more tasks");
      }
      mirai = Mirai.mirai(task, opts);
    } catch (IllegalArgumentException e) {
      finished();
      throw new RejectedExecutionException(original.getClass().getName()
          + " cannot be sent to a daemon: " + e.getMessage()
          + "; capture only serializable values (or make the captured class Serializable)", e);
    } catch (RuntimeException e) {
      finished();
      throw e instanceof RejectedExecutionException r ? r : new RejectedExecutionException(e);
    }
    TaskFuture<V> future = new TaskFuture<>(mirai, original, runnable, value);
    live.add(future); // before the callback below can remove it
    // Runs on the thread that resolves the mirai (an event loop): it must stay this cheap.
    mirai.outcomeFuture().whenComplete((outcome, error) -> {
      live.remove(future);
      finished();
    });
    if (stopped) {
      future.cancel(true); // shutdownNow() ran while this one was on its way
    }
    return future;
  }

  private void finished() {
    synchronized (lock) {
      outstanding--;
      if (shutdown && outstanding == 0) {
        terminated.countDown();
      }
    }
  }

  // ---- invoking many ----

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    List<Future<T>> futures = submitAll(tasks);
    try {
      for (Future<T> f : futures) {
        awaitQuietly(f);
      }
    } catch (InterruptedException e) {
      cancelAll(futures);
      throw e;
    }
    return futures;
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    List<Future<T>> futures = submitAll(tasks);
    try {
      for (Future<T> f : futures) {
        if (!f.isDone()) {
          try {
            f.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          } catch (ExecutionException | CancellationException ignored) {
            // done either way: invokeAll hands back the future
          }
        }
      }
    } catch (TimeoutException e) {
      cancelAll(futures); // as the JDK documents: the unfinished are cancelled
    } catch (InterruptedException e) {
      cancelAll(futures);
      throw e;
    }
    return futures;
  }

  private static void awaitQuietly(Future<?> f) throws InterruptedException {
    try {
      f.get();
    } catch (ExecutionException | CancellationException ignored) {
      // done either way: invokeAll hands back the future
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    try {
      return doInvokeAny(tasks, false, 0);
    } catch (TimeoutException e) {
      throw new AssertionError("an untimed invokeAny cannot time out", e);
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return doInvokeAny(tasks, true, unit.toNanos(timeout));
  }

  private <T> T doInvokeAny(Collection<? extends Callable<T>> tasks, boolean timed, long nanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("invokeAny of no tasks");
    }
    List<Future<T>> futures = submitAll(tasks);
    CompletableFuture<T> first = new CompletableFuture<>();
    AtomicInteger failuresToGo = new AtomicInteger(futures.size());
    for (Future<T> f : futures) {
      ((TaskFuture<T>) f).completion().whenComplete((value, error) -> {
        if (error == null) {
          first.complete(value);
        } else if (failuresToGo.decrementAndGet() == 0) {
          // all failed: the last failure, as the JDK's invokeAny reports one of them
          first.completeExceptionally(error instanceof CompletionException && error.getCause() != null
              ? error.getCause() : error);
        }
      });
    }
    try {
      return timed ? first.get(nanos, TimeUnit.NANOSECONDS) : first.get();
    } finally {
      cancelAll(futures); // the others stop on their daemons
    }
  }

  private <T> List<Future<T>> submitAll(Collection<? extends Callable<T>> tasks) {
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    try {
      for (Callable<T> task : tasks) {
        futures.add(submit(task));
      }
    } catch (RuntimeException e) {
      cancelAll(futures);
      throw e;
    }
    return futures;
  }

  private static void cancelAll(List<? extends Future<?>> futures) {
    for (Future<?> f : futures) {
      f.cancel(true);
    }
  }

  // ---- lifecycle ----

  @Override
  public void shutdown() {
    synchronized (lock) {
      shutdown = true;
      if (outstanding == 0) {
        terminated.countDown();
      }
    }
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    stopped = true;
    List<TaskFuture<?>> snapshot = new ArrayList<>(live);
    snapshot.sort(Comparator.comparingLong(f -> f.mirai.id())); // submission order
    // Queued ones first: canceling a running one frees its daemon, which would take the next.
    List<Runnable> neverStarted = new ArrayList<>();
    for (TaskFuture<?> f : snapshot) {
      // Read again after the cancel: the dispatcher sends no canceled task.
      if (!f.onDaemon() && f.cancel(true) && !f.onDaemon()) {
        neverStarted.add(f.asRunnable());
      }
    }
    for (TaskFuture<?> f : snapshot) {
      f.cancel(true); // interrupted on its daemon
    }
    return neverStarted;
  }

  @Override
  public boolean isShutdown() {
    synchronized (lock) {
      return shutdown;
    }
  }

  @Override
  public boolean isTerminated() {
    synchronized (lock) {
      return shutdown && outstanding == 0;
    }
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "MiraiExecutorService[" + daemons.compute()
          + (shutdown ? (outstanding == 0 ? ", terminated" : ", shut down") : ", running")
          + ", outstanding " + outstanding + "]";
    }
  }

  // ---- the tasks and their futures ----

  /** A serializable Callable as a task; runs on the daemon. */
  private record CallableTask<T>(Callable<T> callable) implements Task<T> {
    @Override
    public T call() throws Exception {
      return callable.call();
    }
  }

  /** A serializable Runnable as a task; runs on the daemon. */
  private record RunnableTask(Runnable runnable) implements Task<Object> {
    @Override
    public Object call() {
      runnable.run();
      return null;
    }
  }

  /**
   * The future of one task: the mirai's, except that a Runnable submitted with a result
   * returns that result, kept on the host.
   */
  private static final class TaskFuture<V> implements Future<V> {
    final Mirai<?> mirai;
    private final Object original;
    private final boolean runnable;
    private final V value;

    TaskFuture(Mirai<?> mirai, Object original, boolean runnable, V value) {
      this.mirai = mirai;
      this.original = original;
      this.runnable = runnable;
      this.value = value;
    }

    @SuppressWarnings("unchecked")
    private V map(Object result) {
      return runnable ? value : (V) result;
    }

    /** Completes as {@link Mirai#toCompletableFuture()}: no thread waits for it. */
    CompletableFuture<V> completion() {
      return mirai.toCompletableFuture().thenApply(this::map);
    }

    /** The task itself, to run by hand: what {@link #shutdownNow()} returns. */
    Runnable asRunnable() {
      if (runnable) {
        return (Runnable) original;
      }
      Callable<?> callable = (Callable<?>) original;
      return () -> {
        try {
          callable.call();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      };
    }

    boolean onDaemon() {
      return mirai.pending().onDaemon();
    }

    /** Cancels the mirai: a running task is interrupted on its daemon, whatever the flag. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return mirai.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
      return mirai.isCancelled();
    }

    @Override
    public boolean isDone() {
      return mirai.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
      return map(mirai.get());
    }

    @Override
    public V get(long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      return map(mirai.get(timeout, unit));
    }

    @Override
    public String toString() {
      return "TaskFuture[" + mirai + "]";
    }
  }
}
