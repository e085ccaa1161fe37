package org.mirai4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Spans a daemon JVM wrote with {@link FileSpanExporterProvider}, read back. */
public final class FileSpans {
  private FileSpans() {}

  /**
   * One exported span.
   *
   * @param links each linked span as "traceId/spanId"
   */
  public record Span(String name, String kind, String traceId, String spanId,
      String parentSpanId, String status, String description, List<String> links,
      Map<String, String> attributes) {
    /** The "traceId/spanId" a link to this span names. */
    public String ref() {
      return traceId + "/" + spanId;
    }
  }

  /** The spans in the file so far; none when it does not exist yet. */
  public static List<Span> read(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isEmpty()).map(FileSpans::parse).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Span parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 9) {
      throw new IllegalArgumentException("not a span line (" + f.length + " fields): " + line);
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String pair : f[8].split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        attributes.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    List<String> links = f[7].isEmpty() ? List.of() : Arrays.asList(f[7].split(","));
    return new Span(f[0], f[1], f[2], f[3], f[4], f[5], f[6], links, attributes);
  }
}
