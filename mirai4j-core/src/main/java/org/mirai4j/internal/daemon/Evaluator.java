package org.mirai4j.internal.daemon;

import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.io.NotSerializableException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.mirai4j.Task;
import org.mirai4j.internal.otel.EvalSpan;
import org.mirai4j.internal.protocol.Payloads;
import org.mirai4j.internal.serial.Bytes;
import org.mirai4j.internal.serial.RemoteError;
import org.mirai4j.internal.serial.Serializer;

/**
 * Decodes a task, runs it on the calling thread with its {@link EvalContext}, and encodes its
 * outcome as a RESULT payload: the value, the error as data, or the interrupt. Every failure,
 * including a task or value that cannot be (de)serialized, becomes an outcome; nothing escapes.
 */
public final class Evaluator {
  private final Serializer serializer;
  private final Map<String, Object> globals;

  public Evaluator(Serializer serializer, Map<String, Object> globals) {
    this.serializer = serializer;
    this.globals = globals;
  }

  /** A RESULT payload in {@code bytes[0, length)}. */
  public record Result(byte[] bytes, int length) {}

  /**
   * Evaluates the task encoded in {@code frame[offset..]}.
   *
   * @param canceled whether the host canceled it (an exception then reads as an interrupt)
   */
  public Result evaluate(byte[] frame, int offset, RandomGenerator random,
      BooleanSupplier canceled, ClassLoader loader) {
    return evaluate(frame, offset, frame.length, random, canceled, loader, null, null);
  }

  /**
   * Evaluates the task encoded in {@code frame[offset, end)}, traced when it carried a trace
   * context: as a child of {@code remote}, the span's status an error when the outcome is.
   *
   * @param canceled whether the host canceled it (an exception then reads as an interrupt)
   * @param remote the submitter's span context from the frame, or null
   * @param connect the connection's "daemon connect" span, to link to, or null
   */
  public Result evaluate(byte[] frame, int offset, int end, RandomGenerator random,
      BooleanSupplier canceled, ClassLoader loader, SpanContext remote, SpanContext connect) {
    EvalSpan trace = remote == null ? null : EvalSpan.start(remote, connect);
    if (trace == null) {
      return run(frame, offset, end, random, canceled, loader);
    }
    Result result = null;
    try {
      result = run(frame, offset, end, random, canceled, loader);
      return result;
    } finally {
      byte status = result == null ? Payloads.RESULT_ERROR : result.bytes()[0];
      trace.end(status == Payloads.RESULT_ERROR ? EvalSpan.MIRAI_ERROR
          : status == Payloads.RESULT_INTERRUPT ? EvalSpan.MIRAI_INTERRUPT : null);
    }
  }

  private Result run(byte[] frame, int offset, int end, RandomGenerator random,
      BooleanSupplier canceled, ClassLoader loader) {
    EvalContext previous = EvalContext.bind(new EvalContext(globals, random));
    Thread thread = Thread.currentThread();
    ClassLoader previousLoader = thread.getContextClassLoader();
    // The task's classes, shipped from the host when the daemon lacks them, resolve here.
    thread.setContextClassLoader(loader);
    try {
      Object task;
      try {
        task = serializer.decode(frame, offset, end - offset, loader);
      } catch (ClassNotFoundException | IOException | RuntimeException | LinkageError e) {
        return error(RemoteError.of(
            e.getClass().getName(), "cannot decode the task on the daemon: " + e.getMessage()));
      }
      Object value;
      try {
        value = ((Task<?>) task).call();
      } catch (Throwable t) {
        if (t instanceof InterruptedException || canceled.getAsBoolean()) {
          return new Result(new byte[] {Payloads.RESULT_INTERRUPT}, 1);
        }
        DaemonFrames.trim(t);
        return error(RemoteError.of(t).withOriginal(original(t)));
      }
      try {
        return encode(Payloads.RESULT_VALUE, value);
      } catch (NotSerializableException e) {
        return error(RemoteError.of(
            "java.io.NotSerializableException",
            "the task's value cannot be serialized: " + e.getMessage()));
      } catch (IOException | RuntimeException e) {
        return error(RemoteError.of(
            e.getClass().getName(), "the task's value cannot be serialized: " + e.getMessage()));
      }
    } finally {
      thread.setContextClassLoader(previousLoader);
      EvalContext.restore(previous);
    }
  }

  /**
   * The task's exception itself, serialized apart from the error's data (with room for a kind
   * byte, as a RESULT payload), so that a host lacking its class still gets the data; null when
   * it cannot be serialized (a field that is not serializable, say).
   */
  private byte[] original(Throwable t) {
    try {
      Bytes body = serializer.encode(t, 1);
      return Arrays.copyOf(body.array(), body.length());
    } catch (IOException | RuntimeException | StackOverflowError e) {
      return null;
    }
  }

  private Result error(RemoteError error) {
    try {
      return encode(Payloads.RESULT_ERROR, error);
    } catch (IOException e) {
      // A message or stack frame that cannot be serialized: send what surely can.
      try {
        return encode(Payloads.RESULT_ERROR,
            RemoteError.of(error.className(), String.valueOf(error.message())));
      } catch (IOException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  private Result encode(byte status, Object value) throws IOException {
    Bytes body = serializer.encode(value, 1);
    body.array()[0] = status;
    return new Result(body.array(), body.length());
  }
}
