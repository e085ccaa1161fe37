package org.mirai4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.internal.host.LocalLauncher;
import org.mirai4j.testing.Await;
import org.mirai4j.testing.FileSpanExporterProvider;
import org.mirai4j.testing.FileSpans;

/**
 * OpenTelemetry across real daemon JVMs: the host's spans in an in-memory exporter, a traced
 * daemon's own spans (its SDK autoconfigured from {@code OTEL_*} variables) in a file, and a
 * daemon without an SDK still running its tasks in the submitter's trace.
 */
class TracingIT {
  private static final String NAME = "tracing-it";
  private static final String SECRET = "tracing-secret";
  private static final Opts OPTS = Opts.compute(NAME);

  @TempDir
  Path dir;

  private OpenTelemetrySdk sdk;

  @AfterEach
  void reset() {
    Daemons.terminate(NAME);
    if (sdk != null) {
      sdk.close();
    }
    GlobalOpenTelemetry.resetForTest();
  }

  /** Installs an SDK on the host (this JVM) that keeps finished spans in memory. */
  private InMemorySpanExporter hostSdk() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .buildAndRegisterGlobal();
    return exporter;
  }

  /** A daemon process whose environment has it export its spans to {@code spans}. */
  private Process tracedDaemon(String url, Path spans) throws Exception {
    List<String> command = new ArrayList<>(LocalLauncher.daemonCommand());
    command.add(url);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("daemon.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("MIRAI4J_SECRET", SECRET);
    env.put("OTEL_TRACES_EXPORTER", FileSpanExporterProvider.NAME);
    env.put("OTEL_METRICS_EXPORTER", "none");
    env.put("OTEL_LOGS_EXPORTER", "none");
    env.put(FileSpanExporterProvider.FILE_ENV, spans.toString());
    return builder.start();
  }

  private static Mirai<Integer> sleepsUntilInterrupted(String marker) {
    return Mirai.mirai(() -> {
      Files.createFile(Path.of(marker));
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
      return 0;
    }, OPTS);
  }

  @Test
  void spansOfHostAndDaemonFormOneTracePerMiraiWithMiraisNamesLinksAndStatuses()
      throws Exception {
    InMemorySpanExporter host = hostSdk();
    Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(SECRET)
        .start();
    String url = daemons.url();
    int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    Path spanFile = dir.resolve("daemon-spans.txt");
    Process daemon = tracedDaemon(url, spanFile);
    Await.until(() -> Daemons.status(NAME).connections() == 1);

    // The script: a good task, a failing task, an interrupted task.
    Mirai<Integer> good = Mirai.mirai(() -> 6 * 7, OPTS);
    assertThat(good.get()).isEqualTo(42);
    Mirai<Integer> failing = Mirai.mirai(() -> {
      throw new IllegalStateException("scripted failure");
    }, OPTS);
    assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(MiraiError.class);
    Path marker = dir.resolve("running");
    Mirai<Integer> interrupted = sleepsUntilInterrupted(marker.toString());
    Await.until(() -> Files.exists(marker));
    interrupted.cancel(true);
    assertThatThrownBy(interrupted::get).isInstanceOf(CancellationException.class);
    // The daemon answers the interrupted task once its evaluation (and span) has ended.
    Await.until(() -> Daemons.status(NAME).daemons().get(0).tasksServed() == 3);
    Daemons.terminate(NAME);
    assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as("the daemon exited").isTrue();

    // Host: "daemons set URL", a CLIENT span "mirai" per task, "daemons reset URL".
    List<SpanData> hostSpans = host.getFinishedSpanItems();
    assertThat(hostSpans).extracting(SpanData::getName).containsExactlyInAnyOrder(
        "daemons set " + url, "mirai", "mirai", "mirai", "daemons reset " + url);
    SpanData set = named(hostSpans, "daemons set " + url);
    SpanData reset = named(hostSpans, "daemons reset " + url);
    for (SpanData profileSpan : List.of(set, reset)) {
      assertThat(profileSpan.getAttributes().asMap()).containsOnly(
          Map.entry(AttributeKey.stringKey("server.address"), "127.0.0.1"),
          Map.entry(AttributeKey.longKey("server.port"), (long) port),
          Map.entry(AttributeKey.stringKey("network.transport"), "tcp"),
          Map.entry(AttributeKey.booleanKey("mirai.dispatcher"), true),
          Map.entry(AttributeKey.stringKey("mirai.compute"), NAME));
    }
    assertThat(reset.getLinks()).extracting(LinkData::getSpanContext)
        .containsExactly(set.getSpanContext());
    Map<Long, SpanData> miraiSpans = hostSpans.stream().filter(s -> s.getName().equals("mirai"))
        .collect(Collectors.toMap(
            s -> s.getAttributes().get(AttributeKey.longKey("mirai.id")), Function.identity()));
    assertThat(miraiSpans).containsOnlyKeys(good.id(), failing.id(), interrupted.id());
    for (SpanData span : miraiSpans.values()) {
      assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
      assertThat(span.getParentSpanContext().isValid()).as("a root: nothing was current").isFalse();
      assertThat(span.getLinks()).extracting(LinkData::getSpanContext)
          .containsExactly(set.getSpanContext());
    }

    // Daemon: "daemon connect URL", a SERVER span "daemon eval" per task, "daemon disconnect URL".
    List<FileSpans.Span> daemonSpans = FileSpans.read(spanFile);
    assertThat(daemonSpans).extracting(FileSpans.Span::name).containsExactly(
        "daemon connect " + url, "daemon eval", "daemon eval", "daemon eval",
        "daemon disconnect " + url);
    FileSpans.Span connect = daemonSpans.get(0);
    FileSpans.Span disconnect = daemonSpans.get(4);
    for (FileSpans.Span connectionSpan : List.of(connect, disconnect)) {
      assertThat(connectionSpan.attributes()).containsOnly(
          Map.entry("server.address", "127.0.0.1"), Map.entry("server.port", "" + port),
          Map.entry("network.transport", "tcp"));
    }
    assertThat(disconnect.links()).containsExactly(connect.ref());
    List<Mirai<Integer>> script = List.of(good, failing, interrupted);
    List<String> statuses = List.of("UNSET/", "ERROR/miraiError", "ERROR/miraiInterrupt");
    for (int i = 0; i < 3; i++) {
      FileSpans.Span eval = daemonSpans.get(1 + i);
      SpanData client = miraiSpans.get(script.get(i).id());
      assertThat(eval.kind()).isEqualTo("SERVER");
      assertThat(eval.traceId()).isEqualTo(client.getTraceId());
      assertThat(eval.parentSpanId()).isEqualTo(client.getSpanId());
      assertThat(eval.links()).containsExactly(connect.ref());
      assertThat(eval.status() + "/" + eval.description()).isEqualTo(statuses.get(i));
    }
  }

  /** What Span.current() is inside a task: trace id, span id, trace state, remote. */
  private static Mirai<String> currentSpanInTask() {
    return Mirai.mirai(() -> {
      SpanContext c = Span.current().getSpanContext();
      return c.getTraceId() + "/" + c.getSpanId() + "/" + c.getTraceState().get("mirai4j") + "/"
          + c.isRemote();
    }, OPTS);
  }

  @Test
  void aTaskOnADaemonWithoutAnSdkRunsInTheSubmittersTraceWhenTheHostHasNoSdkEither()
      throws Exception {
    assertThat(GlobalOpenTelemetry.isSet()).isFalse();
    Daemons.builder().compute(NAME).n(1).start();
    SpanContext submitter = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
        "b7ad6b7169203331", TraceFlags.getSampled(),
        TraceState.builder().put("mirai4j", "test").build());
    Mirai<String> seen;
    MiraiMap<Object> everywhere;
    try (Scope ignored = Span.wrap(submitter).makeCurrent()) {
      seen = currentSpanInTask();
      everywhere = Mirai.everywhere(() -> Span.current().getSpanContext().getTraceId(), 1, NAME);
    }
    assertThat(seen.get())
        .isEqualTo("0af7651916cd43dd8448eb211c80319c/b7ad6b7169203331/test/true");
    assertThat(everywhere.collect()).containsExactly("0af7651916cd43dd8448eb211c80319c");
    assertThat(GlobalOpenTelemetry.isSet()).as("mirai4j left the global alone").isFalse();
  }

  @Test
  void aTaskOnADaemonWithoutAnSdkRunsInItsMiraisSpanWhenTheHostHasAnSdk() throws Exception {
    InMemorySpanExporter host = hostSdk();
    Daemons.builder().compute(NAME).n(1).start();
    Span caller = GlobalOpenTelemetry.getTracer("test").spanBuilder("caller").startSpan();
    Mirai<String> seen;
    try (Scope ignored = caller.makeCurrent()) {
      seen = currentSpanInTask();
    }
    String value = seen.get();
    caller.end();
    SpanData mirai = named(host.getFinishedSpanItems(), "mirai");
    assertThat(mirai.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
    assertThat(value).isEqualTo(
        caller.getSpanContext().getTraceId() + "/" + mirai.getSpanId() + "/null/true");
  }

  @Test
  void aSyncProfileTracesTheEvaluationInTheHostsJvm() throws Exception {
    InMemorySpanExporter host = hostSdk();
    Daemons.builder().compute(NAME).sync(true).start();
    Mirai<Integer> failing = Mirai.mirai(() -> {
      throw new IllegalArgumentException("scripted failure");
    }, OPTS);
    assertThatThrownBy(failing::get).hasCauseInstanceOf(MiraiError.class);
    SpanData mirai = named(host.getFinishedSpanItems(), "mirai");
    SpanData eval = named(host.getFinishedSpanItems(), "daemon eval");
    assertThat(eval.getParentSpanId()).isEqualTo(mirai.getSpanId());
    assertThat(eval.getTraceId()).isEqualTo(mirai.getTraceId());
    assertThat(eval.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(eval.getStatus().getDescription()).isEqualTo("miraiError");
  }

  private static SpanData named(List<SpanData> spans, String name) {
    List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as("spans named %s", name).hasSize(1);
    return found.get(0);
  }
}
