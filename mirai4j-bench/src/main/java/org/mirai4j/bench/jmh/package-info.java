/**
 * JMH micro-benchmarks. JMH's annotation processor (configured in this module's POM) generates
 * the benchmark stubs and {@code META-INF/BenchmarkList}, which the shaded jar carries.
 *
 * <p>Run one (or use a regular expression over benchmark names; {@code -l} lists them):
 * <pre>
 * java -jar mirai4j-bench/target/mirai4j-bench.jar --jmh SerializationBenchmark
 * java -cp mirai4j-bench/target/mirai4j-bench.jar org.openjdk.jmh.Main -l
 * </pre>
 * Each benchmark class's Javadoc gives its baseline numbers.
 */
package org.mirai4j.bench.jmh;
