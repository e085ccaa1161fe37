/**
 * Small programs to copy from: a quick start, a parallel map, error handling, a host whose
 * daemons are started by hand from printed commands, and tracing with OpenTelemetry. Each class
 * says how to run it.
 */
package org.mirai4j.examples;
