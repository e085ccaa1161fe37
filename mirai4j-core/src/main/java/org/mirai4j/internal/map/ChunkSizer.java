package org.mirai4j.internal.map;

/**
 * Chooses how many items the next chunk of a map carries, from what finished chunks reported
 * (time per item on the daemon, bytes per item both ways). It starts at one item per task and
 * grows at most {@value #GROWTH}-fold per measured chunk, since a daemon's first items run cold
 * (class loading, interpreter) and overstate the time; it aims at chunks of about
 * {@link #TARGET_NANOS}, at most {@link #MAX_BYTES} each way, and leaves at least
 * {@value #CHUNKS_PER_DAEMON} chunks per daemon of what remains, so the tail stays balanced.
 * clustermq caps a chunk at ~10 kB and ~100 calls per worker; our per-task cost is a frame
 * rather than an R call, so time is the better measure. Thread-safe.
 */
public final class ChunkSizer {
  /** The duration a chunk aims at: long enough to hide a task's round trip, short for balance. */
  public static final long TARGET_NANOS = 5_000_000;
  /** The most a chunk aims to carry either way, so one chunk never hogs a connection. */
  public static final long MAX_BYTES = 256 * 1024;
  /** Chunks left per daemon of what remains, for balance at the tail. */
  public static final int CHUNKS_PER_DAEMON = 4;
  /** The most a chunk grows over the largest measured one. */
  public static final int GROWTH = 4;

  /** How many recent chunks the time and bytes per item are the median of. */
  static final int WINDOW = 15;

  private final int fixed;
  /** The last {@link #WINDOW} chunks' time and bytes per item, a ring. */
  private final double[] nanosPerItem = new double[WINDOW];
  private final double[] bytesPerItem = new double[WINDOW];
  private int measurements;
  private int largestMeasured;

  /** @param fixed the chunk size to use always, or 0 to size by measurement */
  public ChunkSizer(int fixed) {
    if (fixed < 0) {
      throw new IllegalArgumentException("chunk size < 0: " + fixed);
    }
    this.fixed = fixed;
  }

  /** Whether the size is fixed rather than measured. */
  public boolean fixed() {
    return fixed > 0;
  }

  /**
   * Records a finished chunk. Every chunk counts, and the estimate is the median of the last
   * {@value #WINDOW}: on a loaded machine one chunk preempted for tens of milliseconds must not
   * set the size for the rest of the map.
   *
   * @param items the items it ran
   * @param nanos the time they took on the daemon
   * @param bytes the larger of its task's and its result's bytes (without the function)
   */
  public synchronized void measured(int items, long nanos, long bytes) {
    if (items <= 0) {
      return;
    }
    int slot = measurements % WINDOW;
    nanosPerItem[slot] = Math.max(1.0, nanos) / items;
    bytesPerItem[slot] = Math.max(0.0, bytes) / items;
    measurements++;
    largestMeasured = Math.max(largestMeasured, items);
  }

  private double median(double[] ring) {
    int n = Math.min(measurements, WINDOW);
    double[] copy = java.util.Arrays.copyOf(ring, n);
    java.util.Arrays.sort(copy);
    return copy[n / 2];
  }

  /** Whether a chunk has reported yet. */
  public synchronized boolean hasMeasurement() {
    return largestMeasured > 0;
  }

  /**
   * Whether the items are slow enough that one per task is right: then there is nothing to
   * learn by holding items back.
   */
  public synchronized boolean oneItemPerTask() {
    return fixed == 1 || (measurements > 0 && median(nanosPerItem) >= TARGET_NANOS);
  }

  /**
   * The size of the next chunk.
   *
   * @param remaining items not yet sent (at least 1)
   * @param daemons daemons connected (at least 1 is assumed)
   */
  public synchronized int next(int remaining, int daemons) {
    if (remaining <= 0) {
      throw new IllegalArgumentException("remaining must be positive: " + remaining);
    }
    if (fixed > 0) {
      return Math.min(fixed, remaining);
    }
    if (largestMeasured == 0) {
      return 1;
    }
    double perItemNanos = median(nanosPerItem);
    double perItemBytes = median(bytesPerItem);
    long byTime = (long) (TARGET_NANOS / perItemNanos);
    long byBytes = perItemBytes <= 0 ? Long.MAX_VALUE : (long) (MAX_BYTES / perItemBytes);
    long byBalance = remaining / ((long) CHUNKS_PER_DAEMON * Math.max(1, daemons));
    long byGrowth = (long) largestMeasured * GROWTH;
    long k = Math.min(Math.min(byTime, byBytes), Math.min(byBalance, byGrowth));
    return (int) Math.max(1, Math.min(k, remaining));
  }
}
