package org.mirai4j.internal.otel;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The trace context a TASK payload carries (R: the task's {@code ._otel_.}, from {@code
 * otel::pack_http_context()}): W3C {@code traceparent} and {@code tracestate}, as text, at the
 * very end of the payload, after the serialized task, with their two lengths last:
 *
 * <pre>
 *  ... task | traceparent (ASCII) | tracestate (ASCII) | int16 traceparent bytes | int16 tracestate bytes
 * </pre>
 *
 * <p>At the end rather than before the task so that a v2 daemon that predates it, which ignores
 * the flag, reads the task as before: Java serialization stops after its one object and leaves
 * the trailing bytes unread. A {@code tracestate} longer than W3C's 512 characters is dropped,
 * as the spec allows.
 */
public final class TaskTrace {
  /** The two lengths at the end of the payload. */
  static final int FOOTER = 4;
  /** W3C: a tracestate may be cut beyond 512 characters; it is dropped instead. */
  static final int MAX_TRACESTATE = 512;
  private static final int MAX_TRACEPARENT = 64;

  private static final TextMapSetter<String[]> SETTER = (carrier, key, value) -> {
    if (carrier != null) {
      carrier["traceparent".equals(key) ? 0 : 1] = value;
    }
  };

  private static final TextMapGetter<String[]> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(String[] carrier) {
      return List.of("traceparent", "tracestate");
    }

    @Override
    public String get(String[] carrier, String key) {
      return carrier == null ? null : carrier["traceparent".equals(key) ? 0 : 1];
    }
  };

  private TaskTrace() {}

  /** The trailer that carries a (valid) span context. */
  public static byte[] encode(SpanContext context) {
    String[] fields = new String[2];
    W3CTraceContextPropagator.getInstance().inject(Context.root().with(Span.wrap(context)),
        fields, SETTER);
    byte[] parent = ascii(fields[0]);
    byte[] state = ascii(fields[1]);
    if (state.length > MAX_TRACESTATE) {
      state = new byte[0];
    }
    byte[] trailer = new byte[parent.length + state.length + FOOTER];
    System.arraycopy(parent, 0, trailer, 0, parent.length);
    System.arraycopy(state, 0, trailer, parent.length, state.length);
    int end = trailer.length;
    trailer[end - 4] = (byte) (parent.length >>> 8);
    trailer[end - 3] = (byte) parent.length;
    trailer[end - 2] = (byte) (state.length >>> 8);
    trailer[end - 1] = (byte) state.length;
    return trailer;
  }

  /**
   * Where the task ends in a payload that carries a trailer: {@code payload[start, result)} is
   * the task; -1 when the trailer does not fit after {@code start}, or its lengths are beyond
   * what an encoder writes.
   */
  public static int taskEnd(byte[] payload, int start) {
    int end = payload.length;
    if (end - start < FOOTER) {
      return -1;
    }
    int parent = (payload[end - 4] & 0xff) << 8 | payload[end - 3] & 0xff;
    int state = (payload[end - 2] & 0xff) << 8 | payload[end - 1] & 0xff;
    if (parent > MAX_TRACEPARENT || state > MAX_TRACESTATE) {
      return -1;
    }
    int taskEnd = end - FOOTER - parent - state;
    return taskEnd < start ? -1 : taskEnd;
  }

  /**
   * The remote span context in a trailer that starts at {@code taskEnd} (from {@link #taskEnd}):
   * invalid when the text does not parse as W3C trace context.
   */
  public static SpanContext decode(byte[] payload, int taskEnd) {
    int end = payload.length;
    int parent = (payload[end - 4] & 0xff) << 8 | payload[end - 3] & 0xff;
    int state = (payload[end - 2] & 0xff) << 8 | payload[end - 1] & 0xff;
    String[] fields = {
        new String(payload, taskEnd, parent, StandardCharsets.ISO_8859_1),
        state == 0 ? null : new String(payload, taskEnd + parent, state, StandardCharsets.ISO_8859_1)
    };
    Context context = W3CTraceContextPropagator.getInstance().extract(Context.root(), fields, GETTER);
    return Span.fromContext(context).getSpanContext();
  }

  private static byte[] ascii(String text) {
    return text == null ? new byte[0] : text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
