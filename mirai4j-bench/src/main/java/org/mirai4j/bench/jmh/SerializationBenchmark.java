package org.mirai4j.bench.jmh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What it costs to ship a task as a serialized capturing lambda, compared with copying bytes
 * that were encoded once: Java serialization of a {@link Serializable} functional interface
 * capturing an {@code int} and a {@code String}, written with {@link ObjectOutputStream} and
 * read back with {@link ObjectInputStream} (which resolves the lambda through its
 * {@code $deserializeLambda$}), versus {@link Arrays#copyOf} of the pre-encoded bytes.
 *
 * <p>Run (after {@code ./mvnw -q -pl mirai4j-bench -am package -DskipTests}):
 * <pre>
 * java -jar mirai4j-bench/target/mirai4j-bench.jar --jmh SerializationBenchmark
 * # same thing, JMH's own entry point:
 * java -cp mirai4j-bench/target/mirai4j-bench.jar org.openjdk.jmh.Main SerializationBenchmark
 * # shorter: -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 *
 * <p>Baseline (2-core Firecracker VM (AMD EPYC, nested virtualisation, cpuidle haltpoll with polling off), Linux 6.18, OpenJDK 17.0.15, 2026-11; JMH 1.37 defaults of this class, 1 fork, 3×1 s warm-up, 5–10×1 s
 * measurement; the machine was shared with other builds, so errors are wide). The encoded lambda
 * is 792 bytes.
 * <table>
 *   <caption>SerializationBenchmark baseline, ns/op</caption>
 *   <tr><th>benchmark</th><th>score</th></tr>
 *   <tr><td>lambdaRoundTrip</td><td>21 600 ± 19 700 (5 it.), 24 900 ± 2 300 (10 it.)</td></tr>
 *   <tr><td>lambdaSerialize</td><td>3 850 ± 2 700 (5 it.), 4 850 ± 440 (10 it.)</td></tr>
 *   <tr><td>preEncodedCopy</td><td>71 ± 15 (5 it.); one 10-iteration run hit GC/noise outliers:
 *       1 700 ± 3 100</td></tr>
 * </table>
 * So a serialized-lambda round trip costs ≈ 20–25 µs of CPU, ~300× a copy of the same bytes:
 * encode a task once and reuse the bytes where it is sent repeatedly.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerializationBenchmark {

    /**
     * A task that can be sent to another JVM as a serialized lambda.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface SerializableTask<T> extends Serializable {
        /**
         * Runs the task.
         *
         * @return its result
         */
        T call();
    }

    private SerializableTask<Integer> task;
    private byte[] encoded;

    /** Creates the benchmark state; JMH calls {@link #setup()} before measuring. */
    public SerializationBenchmark() {
    }

    /** Builds the capturing lambda and its encoding once. */
    @Setup
    public void setup() {
        int base = 40;
        String label = "mirai";
        task = () -> base + label.length() - 3;
        encoded = serialize(task);
        if (deserialize(encoded).call() != 42) {
            throw new IllegalStateException("lambda did not survive a round trip");
        }
    }

    /**
     * Serializes the lambda, deserializes it and calls it.
     *
     * @return the task's result
     */
    @Benchmark
    public Integer lambdaRoundTrip() {
        return deserialize(serialize(task)).call();
    }

    /**
     * Serializes the lambda only (the sending side).
     *
     * @return the encoding
     */
    @Benchmark
    public byte[] lambdaSerialize() {
        return serialize(task);
    }

    /**
     * Copies the pre-encoded bytes: the floor for handing over an already-encoded task.
     *
     * @return a copy of the encoding
     */
    @Benchmark
    public byte[] preEncodedCopy() {
        return Arrays.copyOf(encoded, encoded.length);
    }

    /**
     * The size of the encoded lambda.
     *
     * @return bytes
     */
    public int encodedSize() {
        return encoded.length;
    }

    static byte[] serialize(Object o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static SerializableTask<Integer> deserialize(byte[] b) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
            return (SerializableTask<Integer>) in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
