package org.mirai4j.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 9, step one: which serializer for tasks and results. One round trip (encode into a
 * fresh array as one frame per task would, then decode it) of each {@link Shapes shape} with
 * each {@link Codecs codec}: mirai4j-core's Java serialization, Apache Fory, Kryo 5 and the
 * {@link CompactLambdaCodec} sketch. Every codec keeps one sender and one receiver for the
 * whole trial, as a connection would; bytes per message are printed by {@link SerializerSizes}.
 *
 * <p>Run (after {@code ./mvnw -q -pl mirai4j-bench -am package -DskipTests}):
 * <pre>
 * java -jar mirai4j-bench/target/mirai4j-bench.jar --jmh SerializerShapesBenchmark
 * java -cp mirai4j-bench/target/mirai4j-bench.jar org.mirai4j.bench.jmh.SerializerSizes
 * # one codec or shape: --jmh SerializerShapesBenchmark -p codec=fory -p shape=record
 * </pre>
 * Results: {@code mirai4j-bench/README.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SerializerShapesBenchmark {

    /** The codec, one of {@link Codecs#NAMES}. */
    @Param({"java", "fory", "kryo", "compact"})
    public String codec;

    /** The shape, one of {@link Shapes#NAMES}. */
    @Param({"noop_lambda", "capturing_lambda", "record", "double_list_1000", "double_array_10m",
        "result_exception"})
    public String shape;

    private Codecs.Connection connection;
    private Object value;

    /** Creates the benchmark state; JMH calls {@link #setup()} before measuring. */
    public SerializerShapesBenchmark() {
    }

    /**
     * Opens the connection and checks one round trip gives the value back.
     *
     * @throws Exception if it does not
     */
    @Setup
    public void setup() throws Exception {
        connection = Codecs.connection(codec);
        value = Shapes.make(shape);
        if (!Shapes.same(value, connection.decode(connection.encode(value)))) {
            throw new IllegalStateException(codec + " did not round-trip " + shape);
        }
    }

    /**
     * Encodes the value and decodes it.
     *
     * @return the decoded copy
     */
    @Benchmark
    public Object roundTrip() {
        return connection.decode(connection.encode(value));
    }
}
