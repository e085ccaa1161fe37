package org.mirai4j.internal.dispatch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.mirai4j.internal.transport.DaemonLink;

/** A submitted task on its way through the dispatcher. */
public final class PendingTask {
  final long id;
  byte[] frame; // dropped when canceled while queued
  final int length;
  final Duration timeout;
  long memoryBytes;
  final CompletableFuture<TaskOutcome> future = new CompletableFuture<>();
  // Event loop state.
  EverywhereGroup group;
  DaemonLink link;
  boolean queued;
  ScheduledFuture<?> timer;

  /**
   * @param id the task id
   * @param frame the TASK payload in {@code frame[0, length)}
   * @param timeout the timeout, or null
   * @param memoryBytes bytes held in the memory gate until dispatch
   */
  public PendingTask(long id, byte[] frame, int length, Duration timeout, long memoryBytes) {
    this.id = id;
    this.frame = frame;
    this.length = length;
    this.timeout = timeout;
    this.memoryBytes = memoryBytes;
  }

  public long id() {
    return id;
  }

  /** Completes exactly once, with the first outcome. */
  public CompletableFuture<TaskOutcome> future() {
    return future;
  }
}
