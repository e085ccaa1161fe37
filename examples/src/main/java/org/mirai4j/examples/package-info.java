/**
 * Small programs to copy from: a quick start, a parallel map, error handling, a host whose
 * daemons are started by hand from printed commands, Monte Carlo with a seed, an Apache Arrow
 * table moved through a custom serialization, a daemon over TLS, and tracing with OpenTelemetry.
 * Each class says how to run it; {@code ExamplesIT} runs Monte Carlo, Arrow and TLS in the build.
 */
package org.mirai4j.examples;
