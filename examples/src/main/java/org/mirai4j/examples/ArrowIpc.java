package org.mirai4j.examples;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Serialization;

/**
 * An Apache Arrow table sent to a daemon and back as Arrow IPC bytes (R: {@code
 * serial_config("ArrowTabular", arrow::write_to_raw, arrow::read_ipc_stream)} with {@code
 * daemons(serial = ...)}).
 *
 * <p>Shows: {@link Serialization.Builder#register} for a type Java serialization cannot carry.
 * A {@link VectorSchemaRoot} captured by a task, or returned by one, is written with Arrow's
 * {@link ArrowStreamWriter} and read back with {@link ArrowStreamReader}, wherever it appears.
 * The encoder and decoder are serializable lambdas: the registration travels to each daemon as it
 * connects. mirai4j itself does not depend on Arrow; only this example does.
 *
 * <p>Arrow's memory module reaches into {@code java.nio} buffers, so on JDK 17 every JVM that uses
 * it, the host and its daemons, needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED}. Local
 * daemons are started with the host's environment and the {@code java} launcher reads {@code
 * JDK_JAVA_OPTIONS}, so setting it once for the host covers the daemons too. Run, from the
 * repository root:
 *
 * <pre>
 * ./mvnw -q -pl examples -am package -DskipTests
 * JDK_JAVA_OPTIONS=--add-opens=java.base/java.nio=ALL-UNNAMED \
 *   java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" org.mirai4j.examples.ArrowIpc
 * </pre>
 */
public final class ArrowIpc {
  /**
   * Arrow memory for tables made or decoded in this JVM, host or daemon. It lives as long as the
   * JVM: a decoded table belongs to whoever receives it. Made on first use (a holder class), not
   * when a daemon reads the registration below as it connects: Arrow's start-up is slow, and a
   * daemon does that reading before its heartbeats begin.
   */
  static BufferAllocator allocator() {
    return Memory.ROOT;
  }

  private static final class Memory {
    static final BufferAllocator ROOT = new RootAllocator();
  }

  /** Arrow IPC for tables: the registration host and daemons share. */
  static final Serialization ARROW = Serialization.builder()
      .register(VectorSchemaRoot.class, ArrowIpc::toIpc, ArrowIpc::fromIpc)
      .build();

  private ArrowIpc() {}

  public static void main(String[] args) throws Exception {
    try (Daemons daemons = Daemons.builder().n(1).serialization(ARROW).start();
        VectorSchemaRoot prices = prices()) {
      System.out.println("sent:\n" + prices.contentToTSVString());
      // The table is captured: it goes out as Arrow IPC bytes, and the result comes back so.
      VectorSchemaRoot total = Mirai.mirai(() -> withTotals(prices)).get(60, TimeUnit.SECONDS);
      try (total) {
        System.out.println("received from daemon pid " + ((BigIntVector) total.getVector("pid"))
            .get(0) + ":\n" + total.contentToTSVString());
      }
    }
  }

  /** A small table: item, quantity, unit price. */
  static VectorSchemaRoot prices() {
    Schema schema = new Schema(List.of(
        Field.nullable("item", ArrowType.Utf8.INSTANCE),
        Field.nullable("quantity", new ArrowType.Int(64, true)),
        Field.nullable("price", new ArrowType.FloatingPoint(
            org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE))));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator());
    String[] items = {"apple", "pear", "fig"};
    long[] quantities = {3, 2, 10};
    double[] prices = {0.5, 0.75, 0.2};
    VarCharVector item = (VarCharVector) root.getVector("item");
    BigIntVector quantity = (BigIntVector) root.getVector("quantity");
    Float8Vector price = (Float8Vector) root.getVector("price");
    root.allocateNew();
    for (int i = 0; i < items.length; i++) {
      item.setSafe(i, items[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
      quantity.setSafe(i, quantities[i]);
      price.setSafe(i, prices[i]);
    }
    root.setRowCount(items.length);
    return root;
  }

  /** On the daemon: the table with a total per row (quantity × price) and the daemon's pid. */
  static VectorSchemaRoot withTotals(VectorSchemaRoot in) {
    int rows = in.getRowCount();
    List<Field> fields = new java.util.ArrayList<>(in.getSchema().getFields());
    fields.add(Field.nullable("total", new ArrowType.FloatingPoint(
        org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)));
    fields.add(new Field("pid", FieldType.nullable(new ArrowType.Int(64, true)), null));
    VectorSchemaRoot out = VectorSchemaRoot.create(new Schema(fields), allocator());
    out.allocateNew();
    for (int c = 0; c < in.getFieldVectors().size(); c++) {
      in.getVector(c).makeTransferPair(out.getVector(c)).transfer();
    }
    BigIntVector quantity = (BigIntVector) out.getVector("quantity");
    Float8Vector price = (Float8Vector) out.getVector("price");
    Float8Vector total = (Float8Vector) out.getVector("total");
    BigIntVector pid = (BigIntVector) out.getVector("pid");
    for (int i = 0; i < rows; i++) {
      total.setSafe(i, quantity.get(i) * price.get(i));
      pid.setSafe(i, ProcessHandle.current().pid());
    }
    out.setRowCount(rows);
    in.close();
    return out;
  }

  /** A table as one Arrow IPC stream (schema, one record batch, end). */
  static byte[] toIpc(VectorSchemaRoot root) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(bytes))) {
      writer.start();
      writer.writeBatch();
      writer.end();
    }
    return bytes.toByteArray();
  }

  /** A table read from an Arrow IPC stream, moved out of the reader so that it outlives it. */
  static VectorSchemaRoot fromIpc(byte[] ipc) throws Exception {
    try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(ipc), allocator())) {
      VectorSchemaRoot read = reader.getVectorSchemaRoot();
      VectorSchemaRoot table = VectorSchemaRoot.create(read.getSchema(), allocator());
      if (reader.loadNextBatch()) {
        table.allocateNew();
        List<FieldVector> from = read.getFieldVectors();
        for (int c = 0; c < from.size(); c++) {
          from.get(c).makeTransferPair(table.getVector(c)).transfer();
        }
        table.setRowCount(read.getRowCount());
      }
      return table;
    }
  }
}
