package org.mirai4j.internal.otel;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * The evaluation of one traced task on a daemon (R: {@code otel_eval_span}): with an SDK, the
 * SERVER span "daemon eval", child of the submitter's context and linked to the connection's
 * connect span, current while the task runs; without one, the submitter's span context itself is
 * made current, so {@code Span.current()} inside the task still belongs to the submitter's trace
 * and spans the task starts with an SDK of its own join it. Start and {@link #end} on the
 * evaluating thread.
 */
public final class EvalSpan {
  /** R: {@code otel_set_span_error(sock, "miraiError")}. */
  public static final String MIRAI_ERROR = "miraiError";
  /** R: {@code otel_set_span_error(sock, "miraiInterrupt")}. */
  public static final String MIRAI_INTERRUPT = "miraiInterrupt";

  private final Span span;
  private final Scope scope;

  private EvalSpan(Span span, Scope scope) {
    this.span = span;
    this.scope = scope;
  }

  /**
   * Starts the evaluation's span, or only makes {@code remote} current without an SDK.
   *
   * @param remote the span context the task carried (valid or not)
   * @param connect the connect span to link to, or null
   * @return what to end, or null for an invalid {@code remote} (nothing to trace)
   */
  public static EvalSpan start(SpanContext remote, SpanContext connect) {
    if (remote == null || !remote.isValid()) {
      return null;
    }
    Context parent = Context.root().with(Span.wrap(remote));
    Tracer tracer = Tracing.tracer();
    if (tracer == null) {
      return new EvalSpan(null, parent.makeCurrent());
    }
    var builder = tracer.spanBuilder("daemon eval").setSpanKind(SpanKind.SERVER).setParent(parent);
    if (connect != null) {
      builder.addLink(connect);
    }
    Span span = builder.startSpan();
    return new EvalSpan(span, span.makeCurrent());
  }

  /**
   * Ends the evaluation: an error status with {@code error} as its description (null: none),
   * then the span, and the task's context is no longer current.
   */
  public void end(String error) {
    scope.close();
    if (span != null) {
      if (error != null) {
        span.setStatus(StatusCode.ERROR, error);
      }
      span.end();
    }
  }
}
