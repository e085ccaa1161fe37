package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mirai4j.testing.Soak;

/**
 * A long stream of tiny tasks through one host under a memory cap: {@code mirai()} blocks at the
 * cap, results are consumed as they come (a bounded window of unresolved mirai), and the host's
 * heap stays bounded however many tasks pass.
 *
 * <p>The bound: failsafe runs this JVM with {@code -Xmx512m} (mirai4j-core's POM). The live set
 * is the window ({@value #WINDOW} mirai, a few hundred bytes each), the capped queue
 * ({@value #CAP} bytes) and the profile itself, a few MB; the rest of the test JVM (JUnit, Netty,
 * loaded classes) some tens of MB. {@value #HEAP_BOUND_MB} MB after a full GC leaves ample room
 * for that while catching a leak: 64 bytes kept per task is 64 MB after a million tasks (12.8 MB
 * for CI's 200,000, so CI also checks the heap does not grow: late samples against early).
 */
class MemoryCapIT {
  private static final String NAME = "memory-cap";
  private static final Opts OPTS = Opts.compute(NAME);
  static final int WINDOW = 10_000;
  static final long CAP = 256 * 1024;
  static final long HEAP_BOUND_MB = 128;
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  @AfterEach
  void reset() {
    Daemons.reset(NAME);
  }

  @Test
  void tinyTasksPouredThroughAMemoryCapKeepTheHeapBoundedAndLoseOrRepeatNone() throws Exception {
    int tasks = Soak.size(200_000, 1_000_000);
    int samples = 20;
    Daemons.builder().compute(NAME).n(2).memory(CAP).start();
    long baseline = heapAfterGc();

    BitSet seen = new BitSet(tasks);
    ArrayDeque<Mirai<Integer>> window = new ArrayDeque<>(WINDOW + 1);
    long[] heap = new long[samples];
    int sampled = 0;
    int received = 0;
    int duplicates = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < tasks; i++) {
      int index = i;
      window.add(Mirai.mirai(() -> index, OPTS)); // blocks while the queue is at the cap
      if (window.size() > WINDOW) {
        int v = window.poll().get(60, TimeUnit.SECONDS);
        duplicates += seen.get(v) ? 1 : 0;
        seen.set(v);
        received++;
      }
      if ((i + 1) % (tasks / samples) == 0) {
        heap[sampled++] = heapAfterGc();
      }
    }
    while (!window.isEmpty()) {
      int v = window.poll().get(60, TimeUnit.SECONDS);
      duplicates += seen.get(v) ? 1 : 0;
      seen.set(v);
      received++;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long peak = 0;
    for (long h : heap) {
      peak = Math.max(peak, h);
    }
    Status status = Daemons.status(NAME);
    System.out.printf("[memory-cap] %,d tasks in %.1f s (%,.0f tasks/s) over 2 daemons, cap %,d B"
            + " (queue peak %,d B); heap after GC: %.1f MB before, peak %.1f MB, samples %s MB;"
            + " %,d received, %,d distinct, %d duplicated%n",
        tasks, seconds, tasks / seconds, CAP, status.memory().peakBytes(), mb(baseline), mb(peak),
        java.util.Arrays.stream(heap).mapToObj(h -> String.format("%.0f", mb(h))).toList(),
        received, seen.cardinality(), duplicates);
    assertThat(received).as("results received").isEqualTo(tasks);
    assertThat(seen.cardinality()).as("distinct indexes: none lost").isEqualTo(tasks);
    assertThat(duplicates).as("duplicated").isZero();
    assertThat(status.memory().peakBytes()).as("the queue stayed under the cap").isLessThanOrEqualTo(CAP);
    assertThat(mb(peak)).as("peak heap after GC, MB").isLessThan(HEAP_BOUND_MB);
    // No growth with the number of tasks: the last quarter's samples are near the first's.
    long early = Math.max(heap[samples / 4], heap[samples / 4 - 1]);
    long late = Math.min(heap[samples - 1], heap[samples - 2]);
    assertThat(mb(late)).as("late heap vs early (%.1f MB)", mb(early)).isLessThan(mb(early) + 16);
    assertThat(Daemons.info(NAME)).isEqualTo(new Info(2, 2, 0, 0, tasks)); // cumulative: daemons
  }

  /** Heap in use after a full collection (G1's System.gc() is a full, stop-the-world one). */
  private static long heapAfterGc() {
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  private static double mb(long bytes) {
    return bytes / 1048576.0;
  }
}
