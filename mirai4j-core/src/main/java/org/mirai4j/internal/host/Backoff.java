package org.mirai4j.internal.host;

import java.time.Duration;

/**
 * The wait before the next launch after a failed or lost one: {@link #FIRST} doubling up to
 * {@link #MAX}, back to {@link #FIRST} once a launch works out, so a daemon that crashes at start
 * cannot make a launcher spin. Not thread-safe: its owner's lock guards it.
 */
final class Backoff {
  static final Duration FIRST = Duration.ofMillis(100);
  static final Duration MAX = Duration.ofSeconds(30);

  private long delayMs = FIRST.toMillis();

  /** The wait to use now; the next one doubles. */
  long next() {
    long delay = delayMs;
    delayMs = Math.min(delayMs * 2, MAX.toMillis());
    return delay;
  }

  /** A launch worked out: the next wait is the first again. */
  void reset() {
    delayMs = FIRST.toMillis();
  }
}
