package org.mirai4j.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An exporter for daemon JVMs in tests, found by the SDK's autoconfigure with {@code
 * OTEL_TRACES_EXPORTER=mirai4j-file}: appends each finished span as one line to the file named
 * by {@code MIRAI4J_TEST_SPANS}, for {@link FileSpans} to read back in the test's JVM.
 */
public final class FileSpanExporterProvider implements ConfigurableSpanExporterProvider {
  /** The exporter's name in {@code OTEL_TRACES_EXPORTER}. */
  public static final String NAME = "mirai4j-file";
  /** The environment variable naming the file. */
  public static final String FILE_ENV = "MIRAI4J_TEST_SPANS";

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    String file = System.getenv(FILE_ENV);
    if (file == null) {
      throw new IllegalStateException(FILE_ENV + " is not set: no file to write spans to");
    }
    return new Exporter(Path.of(file));
  }

  @Override
  public String getName() {
    return NAME;
  }

  private static final class Exporter implements SpanExporter {
    private final Path file;

    Exporter(Path file) {
      this.file = file;
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
      StringBuilder lines = new StringBuilder();
      for (SpanData span : spans) {
        lines.append(line(span)).append('\n');
      }
      try {
        Files.writeString(file, lines, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return CompletableResultCode.ofSuccess();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** name, kind, trace id, span id, parent span id, status, description, links, attributes. */
    private static String line(SpanData span) {
      String links = span.getLinks().stream()
          .map(LinkData::getSpanContext)
          .map(c -> c.getTraceId() + "/" + c.getSpanId())
          .collect(Collectors.joining(","));
      String attributes = span.getAttributes().asMap().entrySet().stream()
          .map((Map.Entry<AttributeKey<?>, Object> e) -> e.getKey().getKey() + "=" + e.getValue())
          .collect(Collectors.joining(";"));
      return String.join("\t", span.getName(), span.getKind().name(), span.getTraceId(),
          span.getSpanId(), span.getParentSpanId(), span.getStatus().getStatusCode().name(),
          span.getStatus().getDescription(), links, attributes);
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
