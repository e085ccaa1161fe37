/**
 * OpenTelemetry tracing where mirai's {@code otel.R} traces: spans around profiles and
 * connections, a client span per mirai on the host, an evaluation span per task on the daemon
 * with the submitter's W3C trace context carried in the TASK frame ({@link
 * org.mirai4j.internal.otel.TaskTrace}). Depends on {@code opentelemetry-api} only; everything
 * is a no-op, at the cost of one check, until the application installs an SDK as the global
 * OpenTelemetry. A daemon process installs its own from {@code OTEL_*} settings when the SDK's
 * autoconfigure module is on its class path ({@link org.mirai4j.internal.otel.DaemonSdk}).
 */
package org.mirai4j.internal.otel;
