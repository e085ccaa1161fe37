package org.mirai4j;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-mirai options: a timeout, the compute profile to use (R: {@code mirai(.timeout,
 * .compute)}) and retries on a lost daemon. Immutable.
 *
 * <pre>{@code
 * Mirai.mirai(() -> slow(), Opts.timeout(Duration.ofSeconds(5)).withCompute("gpu"));
 * }</pre>
 */
public final class Opts {
  private static final Opts NONE = new Opts(null, null, null);

  private final Duration timeout;
  private final String compute;
  private final Integer retries;

  private Opts(Duration timeout, String compute, Integer retries) {
    this.timeout = timeout;
    this.compute = compute;
    this.retries = retries;
  }

  /** No timeout, the default profile. */
  public static Opts defaults() {
    return NONE;
  }

  /**
   * Resolve to {@link ErrorValue#TIMED_OUT} after this long and stop the evaluation.
   *
   * @throws IllegalArgumentException when the duration is not positive
   */
  public static Opts timeout(Duration d) {
    return NONE.withTimeout(d);
  }

  /** Use this compute profile. */
  public static Opts compute(String profile) {
    return NONE.withCompute(profile);
  }

  /** These options with a timeout. */
  public Opts withTimeout(Duration d) {
    Objects.requireNonNull(d, "timeout");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + d);
    }
    return new Opts(d, compute, retries);
  }

  /** These options with a compute profile. */
  public Opts withCompute(String profile) {
    return new Opts(timeout, Objects.requireNonNull(profile, "profile"), retries);
  }

  /**
   * Re-run the task up to {@code k} times if its daemon is lost while running it (crash, kill,
   * lost connection); when the attempts run out it resolves to
   * {@link ErrorValue#CONNECTION_RESET} with a message giving their number. Exactly-once is not
   * promised: a retried task may have run in part, or whole, before its daemon was lost, so it
   * runs at most {@code k + 1} times. The host keeps the task's bytes until it resolves. Default:
   * the profile's {@link Daemons.Builder#retries(int)}, itself 0 (mirai: a lost daemon's task
   * resolves to CONNECTION_RESET).
   *
   * @throws IllegalArgumentException when {@code k} is negative
   */
  public static Opts retries(int k) {
    return NONE.withRetries(k);
  }

  /**
   * These options with retries; see {@link #retries(int)}.
   *
   * @throws IllegalArgumentException when {@code k} is negative
   */
  public Opts withRetries(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("retries < 0: " + k);
    }
    return new Opts(timeout, compute, k);
  }

  /** The retries, or null for the profile's default. */
  public Integer retries() {
    return retries;
  }

  /** The timeout, or null for none. */
  public Duration timeout() {
    return timeout;
  }

  /** The compute profile, or null for the current default. */
  public String compute() {
    return compute;
  }

  @Override
  public String toString() {
    return "Opts{timeout=" + timeout + ", compute=" + compute + ", retries=" + retries + "}";
  }
}
