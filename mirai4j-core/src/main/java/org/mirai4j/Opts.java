package org.mirai4j;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-mirai options: a timeout and the compute profile to use (R: {@code mirai(.timeout,
 * .compute)}). Immutable.
 *
 * <pre>{@code
 * Mirai.mirai(() -> slow(), Opts.timeout(Duration.ofSeconds(5)).withCompute("gpu"));
 * }</pre>
 */
public final class Opts {
  private static final Opts NONE = new Opts(null, null);

  private final Duration timeout;
  private final String compute;

  private Opts(Duration timeout, String compute) {
    this.timeout = timeout;
    this.compute = compute;
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
    return new Opts(d, compute);
  }

  /** These options with a compute profile. */
  public Opts withCompute(String profile) {
    return new Opts(timeout, Objects.requireNonNull(profile, "profile"));
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
    return "Opts{timeout=" + timeout + ", compute=" + compute + "}";
  }
}
