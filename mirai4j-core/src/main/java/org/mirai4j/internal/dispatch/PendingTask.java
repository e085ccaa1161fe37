package org.mirai4j.internal.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.mirai4j.internal.transport.DaemonLink;

/** A submitted task on its way through the dispatcher. */
public final class PendingTask {
  final long id;
  /**
   * The TASK payload: dropped once the task runs on a daemon (it cannot be sent again then) or
   * is canceled while queued; kept until it resolves for a task with retries.
   */
  byte[] frame;
  final int length;
  final Duration timeout;
  /** How many times it may be sent again after its daemon was lost while running it. */
  final int retries;
  /** The labels a daemon must hold to take it; empty: any daemon. */
  final List<String> requires;
  long memoryBytes;
  final CompletableFuture<TaskOutcome> future = new CompletableFuture<>();
  // Event loop state.
  EverywhereGroup group;
  DaemonLink link;
  boolean queued;
  ScheduledFuture<?> timer;
  /** Whether it was sent to an idle daemon, which starts a task as it reads it. */
  boolean knownRunning;
  /** Times it was started on a daemon (sent as the daemon's running task, or behind one). */
  int attempts;
  /**
   * Whether it is on a daemon now (sent, running or queued behind its daemon's running task);
   * read by other threads, e.g. an ExecutorService's shutdownNow() telling never-started tasks.
   */
  volatile boolean onDaemon;
  /**
   * The daemon whose RESULT resolved it, as that RESULT arrived; null until then and for an
   * outcome the host decided. Written on the event loop before the future completes.
   */
  volatile org.mirai4j.DaemonInfo servedBy;

  /**
   * A task without retries.
   *
   * @param id the task id
   * @param frame the TASK payload in {@code frame[0, length)}
   * @param timeout the timeout, or null
   * @param memoryBytes bytes held in the memory gate until dispatch
   */
  public PendingTask(long id, byte[] frame, int length, Duration timeout, long memoryBytes) {
    this(id, frame, length, timeout, 0, memoryBytes);
  }

  /**
   * @param id the task id
   * @param frame the TASK payload in {@code frame[0, length)}
   * @param timeout the timeout, or null
   * @param retries how often to run it again if its daemon is lost while running it
   * @param memoryBytes bytes held in the memory gate until dispatch
   */
  public PendingTask(
      long id, byte[] frame, int length, Duration timeout, int retries, long memoryBytes) {
    this(id, frame, length, timeout, retries, List.of(), memoryBytes);
  }

  /**
   * @param id the task id
   * @param frame the TASK payload in {@code frame[0, length)}
   * @param timeout the timeout, or null
   * @param retries how often to run it again if its daemon is lost while running it
   * @param requires the labels a daemon must hold to take it; empty: any daemon
   * @param memoryBytes bytes held in the memory gate until dispatch
   */
  public PendingTask(long id, byte[] frame, int length, Duration timeout, int retries,
      List<String> requires, long memoryBytes) {
    this.requires = List.copyOf(requires);
    this.id = id;
    this.frame = frame;
    this.length = length;
    this.timeout = timeout;
    this.retries = retries;
    this.memoryBytes = memoryBytes;
  }

  public long id() {
    return id;
  }

  /** The TASK payload's length in bytes. */
  public int length() {
    return length;
  }

  /** Completes exactly once, with the first outcome. */
  public CompletableFuture<TaskOutcome> future() {
    return future;
  }

  /**
   * Whether it has been sent to a daemon and not taken back unstarted: false for a task that
   * is still in the dispatcher's queue (or never left it before its cancel).
   */
  public boolean onDaemon() {
    return onDaemon;
  }

  /**
   * The daemon whose RESULT resolved it, or null: unresolved, resolved to an error value the
   * host decided (timeout, cancel, connection reset), or run in sync mode.
   */
  public org.mirai4j.DaemonInfo servedBy() {
    TaskOutcome outcome = future.getNow(null);
    if (outcome == null || outcome.errorValue() != null) {
      return null; // a RESULT that lost the race to a cancel or timeout does not count
    }
    return servedBy;
  }

  /** Whether a daemon with these labels may take it. */
  boolean runsOn(DaemonLink link) {
    return requires.isEmpty() || link.labels().containsAll(requires);
  }

  /** Whether the host still holds the task's bytes (for tests of bounded memory). */
  public boolean holdsFrame() {
    return frame != null;
  }
}
