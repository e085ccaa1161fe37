package org.mirai4j.internal.map;

import java.nio.ByteBuffer;
import org.mirai4j.MapFunction;
import org.mirai4j.Task;
import org.mirai4j.internal.daemon.DaemonFrames;
import org.mirai4j.internal.daemon.EvalContext;
import org.mirai4j.internal.rng.RandomStreams;
import org.mirai4j.internal.serial.RemoteError;

/**
 * Several items of a map in one task: applies the function to each in order, each with its own
 * random stream when the map is seeded, and keeps each item's value or error apart, so an item
 * that throws fails alone. An interrupt (the chunk was canceled) ends the whole chunk.
 */
public final class ChunkTask implements Task<ChunkResult> {
  private static final long serialVersionUID = 1L;

  private final MapFunction<Object, Object> fn;
  private final Object[] items;
  /** {@link RandomStreams#STATE_BYTES} per item, in item order; null when unseeded. */
  private final long[] streams;

  /**
   * @param fn the map's function
   * @param items the items, in order
   * @param streams four longs of stream state per item, or null to use the daemon's stream
   */
  @SuppressWarnings("unchecked")
  public ChunkTask(MapFunction<?, ?> fn, Object[] items, long[] streams) {
    if (streams != null && streams.length != items.length * 4) {
      throw new IllegalArgumentException(
          "need 4 stream longs per item: " + streams.length + " for " + items.length);
    }
    this.fn = (MapFunction<Object, Object>) fn;
    this.items = items;
    this.streams = streams;
  }

  @Override
  public ChunkResult call() throws InterruptedException {
    EvalContext outer = EvalContext.current();
    boolean rebind = streams != null && outer != null;
    Object[] values = new Object[items.length];
    boolean[] failed = new boolean[items.length];
    long start = System.nanoTime();
    for (int i = 0; i < items.length; i++) {
      if (Thread.interrupted()) {
        throw new InterruptedException("chunk canceled");
      }
      if (rebind) {
        EvalContext.bind(new EvalContext(outer.globals(), RandomStreams.generator(state(i))));
      }
      try {
        values[i] = fn.apply(items[i]);
      } catch (InterruptedException e) {
        throw e;
      } catch (Throwable t) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("chunk canceled");
        }
        DaemonFrames.trim(t); // as the Evaluator trims a plain task's
        values[i] = RemoteError.of(t);
        failed[i] = true;
      } finally {
        if (rebind) {
          EvalContext.restore(outer);
        }
      }
    }
    return new ChunkResult(values, failed, System.nanoTime() - start);
  }

  private byte[] state(int item) {
    ByteBuffer b = ByteBuffer.allocate(RandomStreams.STATE_BYTES);
    for (int j = 0; j < 4; j++) {
      b.putLong(streams[item * 4 + j]);
    }
    return b.array();
  }

  /** How many items. */
  public int size() {
    return items.length;
  }
}
