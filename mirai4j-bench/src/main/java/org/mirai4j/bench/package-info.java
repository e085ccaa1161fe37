/**
 * The mirai4j benchmark harness: {@link org.mirai4j.bench.BenchHarness} runs named
 * {@link org.mirai4j.bench.Measurement}s from the {@link org.mirai4j.bench.Measurements} registry
 * and prints each figure next to its {@link org.mirai4j.bench.Targets target}, expressed as a
 * ratio to a floor figure measured in the same run.
 *
 * <p>Build and run (from the repository root):
 * <pre>
 * ./mvnw -q -pl mirai4j-bench -am package -DskipTests
 * java -jar mirai4j-bench/target/mirai4j-bench.jar --quick --json /tmp/bench.json
 * </pre>
 *
 * <p>Adding a figure: implement {@link org.mirai4j.bench.Measurement}, add one line to
 * {@link org.mirai4j.bench.Measurements#builtIn()} and, if it has a target, one line to
 * {@link org.mirai4j.bench.Targets}. Helpers: {@link org.mirai4j.bench.Stats} (median/p99 of
 * nanosecond samples in µs), {@link org.mirai4j.bench.ProcessRss} (VmRSS of a pid in MiB),
 * {@link org.mirai4j.bench.ChildJvm} (a child JVM on this class path, always cleaned up),
 * {@link org.mirai4j.bench.Units} (unit from the figure name).
 */
package org.mirai4j.bench;
