package org.mirai4j.internal.dispatch;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the payload bytes of queued tasks (R: {@code daemons(memory=)}). Submitters block while
 * full; bytes come back when a task is dispatched or leaves the queue. A task larger than the
 * capacity is let in alone, so it cannot wait for ever.
 */
public final class MemoryGate {
  private final long capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private long used;
  private long peak;

  /** @param capacity the cap in bytes, or {@link Long#MAX_VALUE} for none */
  public MemoryGate(long capacity) {
    this.capacity = capacity;
  }

  /** Whether a cap is set. */
  public boolean bounded() {
    return capacity != Long.MAX_VALUE;
  }

  public long capacity() {
    return capacity;
  }

  private boolean fits(long bytes) {
    return used == 0 || used + bytes <= capacity;
  }

  /** Takes bytes, waiting while full. */
  public void acquire(long bytes) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (!fits(bytes)) {
        freed.await();
      }
      take(bytes);
    } finally {
      lock.unlock();
    }
  }

  /** Takes bytes if they fit now. */
  public boolean tryAcquire(long bytes) {
    lock.lock();
    try {
      if (!fits(bytes)) {
        return false;
      }
      take(bytes);
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void take(long bytes) {
    used += bytes;
    peak = Math.max(peak, used);
  }

  /** Gives bytes back. */
  public void release(long bytes) {
    if (bytes == 0) {
      return;
    }
    lock.lock();
    try {
      used -= bytes;
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Bytes in use now. */
  public long used() {
    lock.lock();
    try {
      return used;
    } finally {
      lock.unlock();
    }
  }

  /** The most bytes in use at once. */
  public long peak() {
    lock.lock();
    try {
      return peak;
    } finally {
      lock.unlock();
    }
  }
}
