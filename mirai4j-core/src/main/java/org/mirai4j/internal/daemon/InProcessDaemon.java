package org.mirai4j.internal.daemon;

import io.opentelemetry.api.trace.SpanContext;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.mirai4j.internal.otel.TaskTrace;
import org.mirai4j.internal.protocol.Payloads;
import org.mirai4j.internal.rng.RandomStreams;
import org.mirai4j.internal.serial.Serializer;

/**
 * The daemon of a sync profile: evaluates TASK payloads in the calling thread with the same
 * decoding, context, error handling and cleanup as a daemon process. Only state of the daemon
 * itself (globals, context class loader) is restored; JVM-wide settings belong to the host.
 */
public final class InProcessDaemon {
  private final ConcurrentHashMap<String, Object> globals = new ConcurrentHashMap<>();
  private final Evaluator evaluator;
  private final Cleanup cleanup;
  private final boolean cleanupOn;
  private final RandomGenerator random;

  public InProcessDaemon(Serializer serializer, boolean cleanupOn, byte[] streamState) {
    this.evaluator = new Evaluator(serializer, globals);
    this.cleanup = new Cleanup(globals, false);
    this.cleanupOn = cleanupOn;
    this.random = RandomStreams.generator(streamState);
    cleanup.snapshot();
  }

  /** Evaluates one TASK payload (exact-size array) and returns the RESULT payload. */
  public synchronized byte[] evaluate(byte[] task) {
    ByteBuffer payload = ByteBuffer.wrap(task);
    byte flags = payload.get();
    RandomGenerator stream = random;
    if ((flags & Payloads.TASK_STREAM) != 0) {
      byte[] state = new byte[RandomStreams.STATE_BYTES];
      payload.get(state);
      stream = RandomStreams.generator(state);
    }
    int end = task.length;
    SpanContext remote = null;
    if ((flags & Payloads.TASK_TRACE) != 0) {
      end = TaskTrace.taskEnd(task, payload.position()); // the host's own encoder wrote it
      remote = TaskTrace.decode(task, end);
    }
    Evaluator.Result result = evaluator.evaluate(task, payload.position(), end, stream,
        () -> false, Thread.currentThread().getContextClassLoader(), remote, null);
    Thread.interrupted();
    if ((flags & Payloads.TASK_EVERYWHERE) != 0) {
      cleanup.snapshot();
    } else if (cleanupOn) {
      cleanup.restore();
    }
    return java.util.Arrays.copyOf(result.bytes(), result.length());
  }
}
