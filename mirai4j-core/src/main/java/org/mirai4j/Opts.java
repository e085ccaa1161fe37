package org.mirai4j;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Per-mirai options: a timeout, the compute profile to use (R: {@code mirai(.timeout,
 * .compute)}), retries on a lost daemon and the labels a daemon must hold. Immutable.
 *
 * <pre>{@code
 * Mirai.mirai(() -> slow(), Opts.timeout(Duration.ofSeconds(5)).withCompute("gpu"));
 * }</pre>
 */
public final class Opts {
  private static final Opts NONE = new Opts(null, null, null, List.of(), null);

  private final Duration timeout;
  private final String compute;
  private final Integer retries;
  private final List<String> requires;
  /** Items per task of a {@link Mirai#map}; null: sized by measurement. */
  private final Integer chunk;

  private Opts(Duration timeout, String compute, Integer retries, List<String> requires,
      Integer chunk) {
    this.timeout = timeout;
    this.compute = compute;
    this.retries = retries;
    this.requires = requires;
    this.chunk = chunk;
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
    return new Opts(d, compute, retries, requires, chunk);
  }

  /** These options with a compute profile. */
  public Opts withCompute(String profile) {
    return new Opts(timeout, Objects.requireNonNull(profile, "profile"), retries, requires,
        chunk);
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
    return new Opts(timeout, compute, k, requires, chunk);
  }

  /**
   * Run the task only on a daemon holding every one of these labels ({@link
   * DaemonOptions.Builder#labels}, {@code --labels=gpu,bigmem}, {@link Daemons#launchLocal(int,
   * String...)}). With the dispatcher, a free daemon takes the first queued task it can run, so
   * tasks with the same requirement run in submission order; without it, the task goes to the
   * next daemon in turn that holds the labels. While no connected daemon holds them the task
   * waits in the host's queue (its timeout runs; {@link Status#waitingForLabels()} counts it)
   * and does not hold up tasks behind it that other daemons can run. None: any daemon. A sync
   * profile ignores labels; so does {@link Mirai#everywhere(Task)}.
   *
   * @throws IllegalArgumentException when a label is empty or contains a comma, naming it
   */
  public static Opts requires(String... labels) {
    return NONE.withRequires(labels);
  }

  /**
   * These options with required labels, replacing any set before; see {@link
   * #requires(String...)}.
   *
   * @throws IllegalArgumentException when a label is empty or contains a comma, naming it
   */
  public Opts withRequires(String... labels) {
    return new Opts(timeout, compute, retries, DaemonOptions.Builder.checkLabels(labels),
        chunk);
  }

  /**
   * Send the items of a {@link Mirai#map} {@code k} to a task ("chunk"); 1 sends one task per
   * item. Without it a map sizes its chunks by measurement: it starts with one item per task
   * and grows the chunks, from the time and bytes per item its first results report, towards
   * tasks of a few milliseconds, at most about 256 kB each way, while keeping several chunks
   * per daemon (and one item per task for items that take longer than that). Each item still
   * has its own mirai, value or error, progress step and, with {@link Daemons.Builder#seed},
   * random stream; the other options (timeout, retries, labels, compute) apply to each chunk
   * as they would to one mirai. Single mirai ignore it.
   *
   * @throws IllegalArgumentException when {@code k} is less than 1
   */
  public static Opts chunk(int k) {
    return NONE.withChunk(k);
  }

  /**
   * These options with a fixed chunk size for {@link Mirai#map}; see {@link #chunk(int)}.
   *
   * @throws IllegalArgumentException when {@code k} is less than 1
   */
  public Opts withChunk(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("chunk must be at least 1: " + k);
    }
    return new Opts(timeout, compute, retries, requires, k);
  }

  /** The fixed chunk size of a map, or null for sizing by measurement. */
  public Integer chunk() {
    return chunk;
  }

  /** The labels a daemon must hold to run the task; empty for any daemon. */
  public List<String> requires() {
    return requires;
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
    return "Opts{timeout=" + timeout + ", compute=" + compute + ", retries=" + retries
        + (requires.isEmpty() ? "" : ", requires=" + requires)
        + (chunk == null ? "" : ", chunk=" + chunk) + "}";
  }
}
