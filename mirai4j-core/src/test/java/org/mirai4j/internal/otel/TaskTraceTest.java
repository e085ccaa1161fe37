package org.mirai4j.internal.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mirai4j.internal.serial.Bytes;
import org.mirai4j.internal.serial.JavaSerializer;

/** The trace context at the end of a TASK payload, and what a daemon reads of it. */
class TaskTraceTest {
  private static final SpanContext SUBMITTER = SpanContext.create(
      "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(),
      TraceState.builder().put("vendor", "value").put("mirai4j", "x").build());

  /** A payload as the host builds it: flag byte, serialized task, trailer. */
  private static byte[] payload(Object task, SpanContext context) throws Exception {
    Bytes bytes = new JavaSerializer().encode(task, 1);
    byte[] trailer = TaskTrace.encode(context);
    byte[] payload = Arrays.copyOf(bytes.array(), bytes.length() + trailer.length);
    System.arraycopy(trailer, 0, payload, bytes.length(), trailer.length);
    return payload;
  }

  @Test
  void theSpanContextComesBackFromTheEndOfThePayloadAsARemoteOne() throws Exception {
    byte[] payload = payload(List.of("task"), SUBMITTER);
    int end = TaskTrace.taskEnd(payload, 1);
    SpanContext read = TaskTrace.decode(payload, end);
    assertThat(read.getTraceId()).isEqualTo(SUBMITTER.getTraceId());
    assertThat(read.getSpanId()).isEqualTo(SUBMITTER.getSpanId());
    assertThat(read.getTraceFlags()).isEqualTo(TraceFlags.getSampled());
    assertThat(read.getTraceState().asMap()).isEqualTo(SUBMITTER.getTraceState().asMap());
    assertThat(read.isRemote()).isTrue();
    assertThat(new JavaSerializer().decode(payload, 1, end - 1, getClass().getClassLoader()))
        .isEqualTo(List.of("task"));
  }

  @Test
  void aDaemonThatPredatesTheTrailerStillReadsTheTaskFromTheWholePayload() throws Exception {
    byte[] payload = payload(List.of("task", 42), SUBMITTER);
    // What a v2 daemon without trace support does: decode everything after the flag byte.
    assertThat(new JavaSerializer().decode(payload, 1, payload.length - 1,
        getClass().getClassLoader())).isEqualTo(List.of("task", 42));
  }

  @Test
  void aTraceStateBeyondW3csLimitIsDroppedAndTheParentKept() {
    StringBuilder value = new StringBuilder();
    for (int i = 0; i < 600; i++) {
      value.append('a');
    }
    SpanContext big = SpanContext.create(SUBMITTER.getTraceId(), SUBMITTER.getSpanId(),
        TraceFlags.getDefault(), TraceState.builder().put("big", value.substring(0, 250))
            .put("big2", value.substring(0, 250)).put("big3", value.substring(0, 250)).build());
    byte[] trailer = TaskTrace.encode(big);
    int end = TaskTrace.taskEnd(trailer, 0);
    assertThat(end).isZero();
    SpanContext read = TaskTrace.decode(trailer, end);
    assertThat(read.getSpanId()).isEqualTo(SUBMITTER.getSpanId());
    assertThat(read.getTraceState().isEmpty()).isTrue();
  }

  @Test
  void lengthsThatDoNotFitThePayloadAreMalformed() throws Exception {
    byte[] payload = payload("task", SUBMITTER);
    assertThat(TaskTrace.taskEnd(new byte[] {4, 0, 0}, 1)).isEqualTo(-1);
    byte[] tooLong = payload.clone();
    tooLong[tooLong.length - 4] = (byte) 0x7f; // a traceparent of 32 KiB
    assertThat(TaskTrace.taskEnd(tooLong, 1)).isEqualTo(-1);
    byte[] beforeStart = Arrays.copyOfRange(payload, payload.length - 60, payload.length);
    assertThat(TaskTrace.taskEnd(beforeStart, 10)).isEqualTo(-1);
  }

  @Test
  void textThatIsNotTraceContextGivesAnInvalidSpanContext() throws Exception {
    byte[] payload = payload("task", SUBMITTER);
    int end = TaskTrace.taskEnd(payload, 1);
    payload[end + 3] = 'z'; // inside the trace id: not hex
    assertThat(TaskTrace.decode(payload, end).isValid()).isFalse();
    assertThat(EvalSpan.start(TaskTrace.decode(payload, end), null))
        .as("nothing to trace").isNull();
  }

  @Test
  void urlAttributesAreMiraisServerAddressPortAndTransport() {
    assertThat(Tracing.urlAttributes("tcp://10.0.0.1:5555").asMap()).containsOnly(
        java.util.Map.entry(Tracing.Keys.SERVER_ADDRESS, "10.0.0.1"),
        java.util.Map.entry(Tracing.Keys.SERVER_PORT, 5555L),
        java.util.Map.entry(Tracing.Keys.NETWORK_TRANSPORT, "tcp"));
    assertThat(Tracing.urlAttributes("tls+tcp://[::1]:7000").asMap()).containsOnly(
        java.util.Map.entry(Tracing.Keys.SERVER_ADDRESS, "::1"),
        java.util.Map.entry(Tracing.Keys.SERVER_PORT, 7000L),
        java.util.Map.entry(Tracing.Keys.NETWORK_TRANSPORT, "tls+tcp"));
    assertThat(Tracing.urlAttributes("ws://host.example:80/mirai").asMap()).containsOnly(
        java.util.Map.entry(Tracing.Keys.SERVER_ADDRESS, "host.example"),
        java.util.Map.entry(Tracing.Keys.SERVER_PORT, 80L),
        java.util.Map.entry(Tracing.Keys.NETWORK_TRANSPORT, "ws"));
    assertThat(Tracing.urlAttributes("ipc:///tmp/mirai4j-1/host.sock").asMap()).containsOnly(
        java.util.Map.entry(Tracing.Keys.SERVER_ADDRESS, "/tmp/mirai4j-1/host.sock"),
        java.util.Map.entry(Tracing.Keys.NETWORK_TRANSPORT, "ipc"));
    assertThat(Tracing.urlAttributes("sync://").asMap()).containsOnly(
        java.util.Map.entry(Tracing.Keys.NETWORK_TRANSPORT, "sync"));
  }

  @Test
  void aDaemonLooksForAnSdkOnlyWhenTheEnvironmentOrPropertiesConfigureOne() {
    java.util.Properties none = new java.util.Properties();
    assertThat(DaemonSdk.configured(java.util.Map.of("PATH", "/bin"), none)).isFalse();
    assertThat(DaemonSdk.configured(java.util.Map.of("OTEL_TRACES_EXPORTER", "otlp"), none))
        .isTrue();
    java.util.Properties props = new java.util.Properties();
    props.setProperty("otel.service.name", "x");
    assertThat(DaemonSdk.configured(java.util.Map.of(), props)).isTrue();
  }
}
