package org.mirai4j.examples;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import org.mirai4j.DaemonOptions;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;

/**
 * Tracing with OpenTelemetry: the host installs an SDK that prints each span on the console
 * (the logging exporter) and runs a few mirai inside a span of its own. mirai4j needs nothing
 * more: with an SDK installed it adds "daemons set URL" and "daemons reset URL" around the
 * profile and a CLIENT span "mirai" per task, and each task runs on its daemon in the trace of
 * the code that submitted it ({@code Span.current()} there belongs to it), SDK or not on the
 * daemon.
 *
 * <p>Daemons export spans of their own ("daemon connect URL", a "daemon eval" per task,
 * "daemon disconnect URL") when their environment configures OpenTelemetry and their class
 * path has {@code opentelemetry-sdk-extension-autoconfigure}, as this module's has. Local
 * daemons inherit the host's environment, so run, from the repository root:
 *
 * <pre>
 * ./mvnw -q -pl examples -am package -DskipTests
 * OTEL_TRACES_EXPORTER=console OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none \
 *   java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.mirai4j.examples.Tracing
 * </pre>
 *
 * <p>Without the {@code OTEL_*} variables only the host's spans are printed; the tasks still run
 * in the host's trace.
 */
public final class Tracing {
  private Tracing() {}

  public static void main(String[] args) throws Exception {
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .setResource(Resource.getDefault().merge(Resource.create(
                Attributes.of(AttributeKey.stringKey("service.name"), "mirai4j-example"))))
            .addSpanProcessor(SimpleSpanProcessor.create(LoggingSpanExporter.create()))
            .build())
        .buildAndRegisterGlobal();                       // before the first mirai4j call
    Tracer tracer = sdk.getTracer("org.mirai4j.examples");
    // output(true): a daemon's console exporter prints on this terminal too
    DaemonOptions options = DaemonOptions.builder().output(true).build();
    Span job = tracer.spanBuilder("job").startSpan();
    try (Daemons daemons = Daemons.builder().n(2).daemonOptions(options).start();
        Scope scope = job.makeCurrent()) {
      List<Mirai<String>> tasks = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        int n = i;
        tasks.add(Mirai.mirai(() -> "task " + n + " ran in trace "
            + Span.current().getSpanContext().getTraceId()));
      }
      for (Mirai<String> m : tasks) {
        String seen = m.get();
        System.out.println(seen);
        if (!seen.endsWith(job.getSpanContext().getTraceId())) {
          throw new IllegalStateException("the task ran outside the job's trace: " + seen);
        }
      }
      System.out.println("job trace " + job.getSpanContext().getTraceId());
    } finally {
      job.end();
      sdk.close();
    }
  }
}
