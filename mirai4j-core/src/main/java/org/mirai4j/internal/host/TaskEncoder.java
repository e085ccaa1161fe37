package org.mirai4j.internal.host;

import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.io.NotSerializableException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.mirai4j.internal.otel.TaskTrace;
import org.mirai4j.internal.protocol.Payloads;
import org.mirai4j.internal.rng.RandomStreams;
import org.mirai4j.internal.serial.Bytes;
import org.mirai4j.internal.serial.CustomCodec;
import org.mirai4j.internal.serial.DeserializationFilter;
import org.mirai4j.internal.serial.JavaSerializer;
import org.mirai4j.internal.serial.SerialConfig;

/**
 * Turns a task into TASK frame bytes and a RESULT payload back into a value, for one profile:
 * its codecs, deserialization filter and seeded task streams. Apart from {@link Profile}
 * because encoding needs no sockets or processes, and the frame layout (kind byte, then the
 * stream state when seeded) is easier to check in one small place.
 */
final class TaskEncoder {
  /** One counter for the JVM, whichever profile runs the task. */
  private static final AtomicLong IDS = new AtomicLong();
  /** Room before the serialized task for the kind byte. */
  private static final int TASK_HEADROOM = 1;
  /** Room for the kind byte and the task's random stream state. */
  private static final int SEEDED_HEADROOM = 1 + RandomStreams.STATE_BYTES;

  private final List<CustomCodec<?>> codecs;
  private final DeserializationFilter filter;
  private final JavaSerializer serializer;
  /** With a seed, one stream per task; null without. Drawn only under the submit lock. */
  private final RandomStreams taskStreams;

  TaskEncoder(ProfileConfig config) {
    this.codecs = config.codecs();
    this.filter = DeserializationFilter.of(config.deserializationFilter());
    this.serializer = new JavaSerializer(codecs, filter);
    this.taskStreams = config.seed() == null ? null : RandomStreams.seeded(config.seed());
  }

  /** The serializer, for a sync profile's in-process daemon. */
  JavaSerializer serializer() {
    return serializer;
  }

  /** The codecs and filter daemons are told, so both ends decode alike. */
  byte[] serialConfig() {
    return SerialConfig.encode(codecs, filter);
  }

  /**
   * A TASK frame for one daemon: the kind byte, room for a stream when seeded (filled by
   * {@link #drawStream}), then the task.
   *
   * @throws IllegalArgumentException when the task cannot be serialized, naming the class
   */
  Bytes encodeTask(Object task) {
    return encodeTask(task, taskStreams != null);
  }

  /**
   * A TASK frame, with room for a stream only when {@code stream} and seeded: a chunk of a map
   * carries its items' streams inside the task instead.
   *
   * @throws IllegalArgumentException when the task cannot be serialized, naming the class
   */
  Bytes encodeTask(Object task, boolean stream) {
    boolean seeded = stream && taskStreams != null;
    Bytes bytes = encode(task, seeded ? SEEDED_HEADROOM : TASK_HEADROOM);
    bytes.array()[0] = seeded ? Payloads.TASK_STREAM : 0;
    return bytes;
  }

  /**
   * The frame from {@link #encodeTask} with the submitter's trace context at its end (flag
   * {@link Payloads#TASK_TRACE}): in the buffer's spare room when it has enough, else a copy.
   */
  static Bytes withTrace(Bytes task, SpanContext context) {
    byte[] trailer = TaskTrace.encode(context);
    int length = task.length() + trailer.length;
    byte[] frame = task.array().length >= length ? task.array() : Arrays.copyOf(task.array(), length);
    System.arraycopy(trailer, 0, frame, task.length(), trailer.length);
    frame[0] |= Payloads.TASK_TRACE;
    return new Bytes(frame, length);
  }

  /**
   * A TASK frame for every daemon (an everywhere() call): no stream, each daemon keeps its own.
   *
   * @throws IllegalArgumentException when the task cannot be serialized, naming the class
   */
  Bytes encodeEverywhere(Object task) {
    Bytes bytes = encode(task, TASK_HEADROOM);
    bytes.array()[0] = Payloads.TASK_EVERYWHERE;
    return bytes;
  }

  /**
   * Writes the next task stream into a frame from {@link #encodeTask}; nothing without a seed.
   * Call under the lock that also submits the task, so streams go out in submission order and
   * a seed gives the same stream to the same mirai.
   */
  void drawStream(byte[] frame) {
    if (taskStreams != null) {
      System.arraycopy(taskStreams.nextState(), 0, frame, 1, RandomStreams.STATE_BYTES);
    }
  }

  /**
   * The next {@code n} task streams, four longs each, as {@code n} calls of {@link #drawStream}
   * would write them; null without a seed. Call under the submit lock.
   */
  long[] drawStreams(int n) {
    if (taskStreams == null) {
      return null;
    }
    long[] states = new long[Math.multiplyExact(n, 4)];
    java.nio.LongBuffer view = java.nio.LongBuffer.wrap(states);
    for (int i = 0; i < n; i++) {
      view.put(java.nio.ByteBuffer.wrap(taskStreams.nextState()).asLongBuffer());
    }
    return states;
  }

  static long nextId() {
    return IDS.incrementAndGet();
  }

  /** Decodes a value or error from a RESULT payload (after its kind byte). */
  Object decode(byte[] payload) throws IOException, ClassNotFoundException {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return serializer.decode(payload, 1, payload.length - 1,
        context != null ? context : TaskEncoder.class.getClassLoader());
  }

  private Bytes encode(Object task, int headroom) {
    try {
      return serializer.encode(task, headroom);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException(
          "the task cannot be serialized: it captures a value of class " + e.getMessage()
              + ", which is not java.io.Serializable", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("the task cannot be serialized: " + e, e);
    }
  }
}
