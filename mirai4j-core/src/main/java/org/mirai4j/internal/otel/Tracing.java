package org.mirai4j.internal.otel;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.util.concurrent.CompletableFuture;

/**
 * The spans of mirai's {@code otel.R}, one method each, and the one check that makes them
 * free when no SDK is installed. Host: "daemons set URL" and "daemons reset URL" (linked to the
 * set span) around a profile, and a CLIENT span "mirai" per task with its id as {@code
 * mirai.id}. Daemon: "daemon connect URL" and "daemon disconnect URL" (linked to the connect
 * span) around a connection; the "daemon eval" span is {@link EvalSpan}'s. As in mirai, the
 * set, reset, connect and disconnect spans mark an instant (they end as they start) and are
 * there to be linked to.
 */
public final class Tracing {
  /** The instrumentation scope (R: {@code "org.r-lib.mirai"}). */
  public static final String TRACER_NAME = "org.mirai4j";

  /** Apart, so that a daemon that never traces does not load the attribute classes. */
  static final class Keys {
    /** The mirai's id, on its client span (R: {@code otel_set_span_id}). */
    static final AttributeKey<Long> MIRAI_ID = AttributeKey.longKey("mirai.id");
    static final AttributeKey<Boolean> MIRAI_DISPATCHER =
        AttributeKey.booleanKey("mirai.dispatcher");
    static final AttributeKey<String> MIRAI_COMPUTE = AttributeKey.stringKey("mirai.compute");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> NETWORK_TRANSPORT =
        AttributeKey.stringKey("network.transport");

    private Keys() {}
  }

  /** The tracer of the global OpenTelemetry it was taken from, so a reset global is noticed. */
  private record Cached(OpenTelemetry global, Tracer tracer) {}

  private static volatile Cached cached;
  /**
   * Set by a daemon process that found no SDK to install: it never asks GlobalOpenTelemetry
   * again, which keeps that class (and java.util.logging behind it) unloaded.
   */
  private static volatile boolean absent;

  private Tracing() {}

  /** This process has no SDK and will have none (a daemon process that found none at start). */
  public static void absentForThisProcess() {
    absent = true;
  }

  /**
   * The tracer, when an SDK is installed and enabled; null otherwise (R: {@code otel_is_tracing}).
   * GlobalOpenTelemetry.get() is only called once one is set: before, it would install the
   * no-op for good and make the application's later {@code set} fail.
   */
  static Tracer tracer() {
    if (absent || !GlobalOpenTelemetry.isSet()) {
      return null;
    }
    OpenTelemetry global = GlobalOpenTelemetry.get();
    Cached c = cached;
    if (c == null || c.global != global) {
      c = new Cached(global, global.getTracer(TRACER_NAME));
      cached = c;
    }
    return c.tracer.isEnabled() ? c.tracer : null;
  }

  // ---- host ----

  /** "daemons set URL" (R: {@code daemons()}); its context, to link to, or null. */
  public static SpanContext profileSet(String url, String compute, boolean dispatcher) {
    Tracer tracer = tracer();
    if (tracer == null) {
      return null;
    }
    return instant(tracer, "daemons set", url, profileAttributes(url, compute, dispatcher), null);
  }

  /** "daemons reset URL", linked to the profile's set span. */
  public static void profileReset(String url, String compute, boolean dispatcher,
      SpanContext set) {
    Tracer tracer = tracer();
    if (tracer != null) {
      instant(tracer, "daemons reset", url, profileAttributes(url, compute, dispatcher), set);
    }
  }

  /**
   * Starts the CLIENT span "mirai" of one task, the submitter's context its parent, linked to
   * its profile's set span; null without an SDK. End it when the mirai resolves.
   */
  public static Span startMirai(SpanContext profileSet) {
    Tracer tracer = tracer();
    if (tracer == null) {
      return null;
    }
    SpanBuilder builder = tracer.spanBuilder("mirai").setSpanKind(SpanKind.CLIENT);
    if (profileSet != null) {
      builder.addLink(profileSet);
    }
    return builder.startSpan();
  }

  /** Gives the mirai's span its id, once the task has one, and ends it when the mirai resolves. */
  public static void miraiSubmitted(Span mirai, long id, CompletableFuture<?> resolved) {
    mirai.setAttribute(Keys.MIRAI_ID, id);
    resolved.whenComplete((outcome, failure) -> mirai.end());
  }

  /**
   * The context a task carries to its daemon: the mirai span's, or else the submitter's current
   * span's, so that a host without an SDK still hands on a trace it is part of; null when there
   * is none (nothing is encoded then).
   */
  public static SpanContext carried(Span mirai) {
    SpanContext context = (mirai != null ? mirai : Span.current()).getSpanContext();
    return context.isValid() ? context : null;
  }

  // ---- daemon ----

  /** "daemon connect URL" (R: {@code daemon()} after dialing); its context, to link to, or null. */
  public static SpanContext daemonConnect(String url) {
    Tracer tracer = tracer();
    return tracer == null ? null : instant(tracer, "daemon connect", url, urlAttributes(url), null);
  }

  /** "daemon disconnect URL", linked to the connection's connect span. */
  public static void daemonDisconnect(String url, SpanContext connect) {
    Tracer tracer = tracer();
    if (tracer != null) {
      instant(tracer, "daemon disconnect", url, urlAttributes(url), connect);
    }
  }

  /** A span that ends as it starts (R: {@code otel_span}, named "NAME URL"); its context. */
  private static SpanContext instant(Tracer tracer, String name, String url, Attributes attributes,
      SpanContext link) {
    SpanBuilder builder = tracer.spanBuilder(name + " " + url).setAllAttributes(attributes);
    if (link != null) {
      builder.addLink(link);
    }
    Span span = builder.startSpan();
    span.end();
    return span.getSpanContext();
  }

  private static Attributes profileAttributes(String url, String compute, boolean dispatcher) {
    return urlAttributes(url).toBuilder()
        .put(Keys.MIRAI_DISPATCHER, dispatcher)
        .put(Keys.MIRAI_COMPUTE, compute)
        .build();
  }

  /**
   * R's {@code otel_url_attrs}: server.address (the host, or the path of an ipc:// URL),
   * server.port when there is one, network.transport (the scheme).
   */
  static Attributes urlAttributes(String url) {
    int sep = url.indexOf("://");
    String scheme = sep < 0 ? url : url.substring(0, sep);
    String rest = sep < 0 ? "" : url.substring(sep + 3);
    AttributesBuilder b = Attributes.builder();
    String address = rest;
    String port = "";
    if (!scheme.equals("ipc")) {
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      int colon = authority.startsWith("[") ? authority.indexOf("]:") + 1 : authority.lastIndexOf(':');
      if (colon > 0) {
        address = authority.substring(0, colon);
        port = authority.substring(colon + 1);
      } else {
        address = authority;
      }
      if (address.startsWith("[") && address.endsWith("]")) {
        address = address.substring(1, address.length() - 1);
      }
    }
    if (!address.isEmpty()) {
      b.put(Keys.SERVER_ADDRESS, address);
    }
    if (!port.isEmpty()) {
      try {
        b.put(Keys.SERVER_PORT, Long.parseLong(port));
      } catch (NumberFormatException e) {
        // not a port: leave it out, as R does for an empty one
      }
    }
    return b.put(Keys.NETWORK_TRANSPORT, scheme).build();
  }
}
