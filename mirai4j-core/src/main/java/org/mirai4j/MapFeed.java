package org.mirai4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.mirai4j.internal.dispatch.PendingTask;
import org.mirai4j.internal.dispatch.TaskOutcome;
import org.mirai4j.internal.host.Profile;
import org.mirai4j.internal.map.ChunkResult;
import org.mirai4j.internal.map.ChunkSizer;
import org.mirai4j.internal.map.ChunkTask;
import org.mirai4j.internal.protocol.Payloads;
import org.mirai4j.internal.serial.RemoteError;

/**
 * Sends the items of a chunked {@link Mirai#map} as chunks and resolves each item's mirai from
 * its chunk's result. Items wait here until sent: at first a few one-item chunks per daemon,
 * then, each time a chunk returns, more chunks sized by {@link ChunkSizer} from what the
 * returned ones measured; with a fixed size, or once items prove slow, all at once. No thread
 * waits: chunks are sent by the caller of map() and then from the completion of earlier
 * chunks, on a small shared pool that also decodes the results (off the event loop).
 */
final class MapFeed<X, T> {
  /** Decodes chunk results and sends the next chunks; threads end when idle. */
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "mirai4j-map");
    t.setDaemon(true);
    return t;
  });
  /** What a chunked item's future completes with once its result is set. */
  private static final TaskOutcome ITEM_VALUE =
      new TaskOutcome(new byte[] {Payloads.RESULT_VALUE}, null);
  private static final TaskOutcome ITEM_ERROR =
      new TaskOutcome(new byte[] {Payloads.RESULT_ERROR}, null);

  private final Profile profile;
  private final Opts opts;
  private final MapFunction<? super X, ? extends T> fn;
  private final Object[] items;
  /** Four longs of stream state per item, reserved at map(); null without a seed. */
  private final long[] streams;
  private final List<Mirai<T>> mirai;
  /** The chunk each item went out in; null while it waits here. */
  private final Chunk[] chunkOf;
  private final ChunkSizer sizer;
  /** The bytes of a chunk without items: the function and what it captures. */
  private final int emptyChunkBytes;
  /** The caller's class loader, for decoding values on the pool's threads. */
  private final ClassLoader loader;
  /** Drain guard: one thread sends at a time; others leave a note and go. */
  private final AtomicInteger feeding = new AtomicInteger();
  // Guarded by feeding (one sender at a time).
  private int next;
  private boolean fromCaller = true;
  /** Chunks sent and not yet returned. */
  private final AtomicInteger outstanding = new AtomicInteger();

  private MapFeed(Profile profile, List<X> items, MapFunction<? super X, ? extends T> fn,
      Opts opts) {
    this.profile = profile;
    this.opts = opts;
    this.fn = fn;
    this.items = items.toArray();
    this.sizer = new ChunkSizer(opts.chunk() == null ? 0 : opts.chunk());
    this.chunkOf = new Chunk[this.items.length];
    // Before the streams: a function that cannot be serialized takes none.
    this.emptyChunkBytes = profile.encodedLength(new ChunkTask(fn, new Object[0], null));
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    this.loader = context != null ? context : MapFeed.class.getClassLoader();
    this.streams = profile.reserveStreams(this.items.length);
    List<Mirai<T>> list = new ArrayList<>(this.items.length);
    for (int i = 0; i < this.items.length; i++) {
      list.add(new Mirai<>(new PendingTask(Profile.nextTaskId(), null, 0, null, 0), profile,
          this, i));
    }
    this.mirai = List.copyOf(list);
  }

  /**
   * Creates the items' mirai and sends the first chunks.
   *
   * @throws IllegalArgumentException when the first chunk cannot be serialized
   * @throws InterruptedException when interrupted waiting for room under the memory cap
   */
  static <X, T> List<Mirai<T>> start(Profile profile, List<X> items,
      MapFunction<? super X, ? extends T> fn, Opts opts) throws InterruptedException {
    MapFeed<X, T> feed = new MapFeed<>(profile, items, fn, opts);
    feed.feeding.incrementAndGet();
    feed.sendWhileRoom(); // a failure here fails map(): nothing else has been sent
    feed.fromCaller = false;
    // Chunks that returned meanwhile left a note: look again (a bounded amount, by depth()).
    while (feed.feeding.decrementAndGet() != 0) {
      feed.sendWhileRoom();
    }
    return feed.mirai;
  }

  /** Sends what there is room for; from chunk completions, on the pool. */
  private void feed() {
    if (feeding.getAndIncrement() != 0) {
      return; // the sender will look again
    }
    do {
      try {
        sendWhileRoom();
      } catch (InterruptedException e) {
        // Only our own pool's threads get here, and nothing interrupts them: fail what is left.
        failRest(e);
      }
    } while (feeding.decrementAndGet() != 0);
  }

  /** How many chunks may be out at once: all when nothing is to be learnt. */
  private int depth() {
    if (sizer.fixed() || sizer.oneItemPerTask()) {
      return Integer.MAX_VALUE;
    }
    return ChunkSizer.CHUNKS_PER_DAEMON * daemons() + 1;
  }

  private int daemons() {
    return Math.max(1, profile.connections());
  }

  private void sendWhileRoom() throws InterruptedException {
    while (next < items.length && outstanding.get() < depth()) {
      int k = sizer.next(items.length - next, daemons());
      int from = next;
      next += k;
      send(from, next);
    }
  }

  private void send(int from, int to) throws InterruptedException {
    int[] live = new int[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      if (!mirai.get(i).isDone()) {
        live[n++] = i; // a canceled item is not sent; its stream stays its own
      }
    }
    if (n == 0) {
      return;
    }
    live = Arrays.copyOf(live, n);
    Object[] chunkItems = new Object[n];
    long[] chunkStreams = streams == null ? null : new long[n * 4];
    for (int j = 0; j < n; j++) {
      chunkItems[j] = items[live[j]];
      if (chunkStreams != null) {
        System.arraycopy(streams, live[j] * 4, chunkStreams, j * 4, 4);
      }
    }
    Chunk chunk = new Chunk(profile, live);
    for (int i : live) {
      chunkOf[i] = chunk;
    }
    PendingTask pending;
    try {
      pending = profile.submitWithoutStream(new ChunkTask(fn, chunkItems, chunkStreams),
          opts.timeout(), opts.retries(), opts.requires(), true);
    } catch (IllegalArgumentException e) {
      if (fromCaller && from == 0) {
        throw e; // map() itself fails, as for a task that cannot be serialized
      }
      for (int i : live) {
        mirai.get(i).resolveItem(Result.ofError(e), ITEM_ERROR);
      }
      return;
    } catch (RuntimeException e) {
      if (fromCaller && from == 0) {
        throw e;
      }
      // The profile was closed under the map: its items resolve as a closed profile's do.
      for (int i : live) {
        mirai.get(i).resolveItem(null, TaskOutcome.CONNECTION_RESET);
      }
      return;
    }
    outstanding.incrementAndGet();
    chunk.sent(pending);
    pending.future().whenCompleteAsync((outcome, never) -> returned(chunk, outcome), POOL);
  }

  /** A chunk resolved: resolve its items, learn from it, send more. */
  private void returned(Chunk chunk, TaskOutcome outcome) {
    try {
      resolve(chunk, outcome);
    } finally {
      outstanding.decrementAndGet();
      feed();
    }
  }

  private void resolve(Chunk chunk, TaskOutcome outcome) {
    int[] live = chunk.items;
    if (outcome.errorValue() != null || outcome.status() == Payloads.RESULT_INTERRUPT) {
      for (int i : live) {
        mirai.get(i).resolveItem(null, outcome); // timed out, lost, canceled, interrupted
      }
      return;
    }
    int resultBytes = outcome.payload().length;
    Object value;
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      value = profile.decode(outcome.payload());
    } catch (Exception e) {
      RemoteError error = RemoteError.of(e.getClass().getName(),
          "cannot decode the result on the host: " + e.getMessage());
      for (int i : live) {
        mirai.get(i).resolveItem(Result.ofError(error.toMiraiError()), ITEM_ERROR);
      }
      return;
    } finally {
      thread.setContextClassLoader(previous);
      outcome.release();
    }
    if (outcome.status() == Payloads.RESULT_ERROR) {
      // the chunk as a whole failed: its task or one of its values could not be (de)serialized
      RemoteError error = (RemoteError) value;
      for (int i : live) {
        mirai.get(i).resolveItem(Result.ofError(error.toMiraiError()), ITEM_ERROR);
      }
      return;
    }
    ChunkResult result = (ChunkResult) value;
    sizer.measured(live.length, result.nanos(),
        Math.max(chunk.taskBytes - emptyChunkBytes, resultBytes));
    // Values first: whoever stops the map at one of this chunk's errors finds the chunk's
    // values already resolved rather than racing to cancel them.
    for (int j = 0; j < live.length; j++) {
      if (!result.failed()[j]) {
        resolveValue(mirai.get(live[j]), result.values()[j]);
      }
    }
    for (int j = 0; j < live.length; j++) {
      if (result.failed()[j]) {
        mirai.get(live[j]).resolveItem(
            Result.ofError(((RemoteError) result.values()[j]).toMiraiError()), ITEM_ERROR);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void resolveValue(Mirai<T> m, Object value) {
    m.resolveItem(Result.ofValue((T) value), ITEM_VALUE);
  }

  private void failRest(InterruptedException e) {
    for (int i = next; i < items.length; i++) {
      mirai.get(i).resolveItem(Result.ofError(e), ITEM_ERROR);
    }
    next = items.length;
  }

  /** An item was canceled: stop its chunk once none of the chunk's items is wanted. */
  void canceled(int index) {
    Chunk chunk = chunkOf[index];
    if (chunk != null) {
      chunk.itemCanceled();
    }
  }

  /** The daemon that ran the item's chunk, or null. */
  DaemonInfo servedBy(int index) {
    Chunk chunk = chunkOf[index];
    PendingTask pending = chunk == null ? null : chunk.pending;
    return pending == null ? null : pending.servedBy();
  }

  /** One chunk: its items (indices) and, once sent, its task. */
  private static final class Chunk {
    final Profile profile;
    final int[] items;
    volatile PendingTask pending;
    int taskBytes;
    private int unwanted;

    Chunk(Profile profile, int[] items) {
      this.profile = profile;
      this.items = items;
    }

    void sent(PendingTask task) {
      boolean cancel;
      synchronized (this) {
        pending = task;
        taskBytes = task.length();
        cancel = unwanted == items.length;
      }
      if (cancel) {
        cancelTask(task);
      }
    }

    void itemCanceled() {
      PendingTask task;
      synchronized (this) {
        unwanted++;
        if (unwanted != items.length || pending == null) {
          return;
        }
        task = pending;
      }
      cancelTask(task);
    }

    private void cancelTask(PendingTask task) {
      if (task.future().complete(TaskOutcome.CANCELED)) {
        profile.canceled(task);
      }
    }
  }
}
