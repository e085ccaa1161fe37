package org.mirai4j.internal.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.rmi.server.UID;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mirai4j.Task;

/** The filter on every stream read from a peer: limits bounded by the frame, deny lists. */
class DeserializationFilterTest {
  record Point(int x, int y) implements Serializable {}

  static final class Node implements Serializable {
    Node next;
  }

  private static Object roundTrip(JavaSerializer s, Object value) throws Exception {
    Bytes bytes = s.encode(value, 0);
    return s.decode(bytes.array(), 0, bytes.length(), DeserializationFilterTest.class.getClassLoader());
  }

  @Test
  void tasksAndValuesOfEveryDayPassTheDefaults() throws Exception {
    JavaSerializer s = new JavaSerializer();
    Point p = new Point(1, 2);
    List<Object> captured = List.of(p, Map.of("k", new int[] {1, 2}), new double[100_000]);
    @SuppressWarnings("unchecked")
    Task<Integer> task = (Task<Integer>) roundTrip(s, (Task<Integer>) () -> captured.size() + p.x());
    assertThat(task.call()).isEqualTo(4);
    RemoteError error = RemoteError.of(new IllegalStateException("boom", new RuntimeException()));
    assertThat(((RemoteError) roundTrip(s, error)).toMiraiError().getMessage()).isEqualTo("boom");
  }

  @Test
  void aDefaultDeniedClassIsRejectedNamingItAndThePattern() {
    assertThatThrownBy(() -> roundTrip(new JavaSerializer(), List.of(new UID())))
        .isInstanceOf(InvalidClassException.class)
        .hasMessageContaining("class java.rmi.server.UID")
        .hasMessageContaining("default deny list (pattern java.rmi.server.*");
  }

  @Test
  void theUserPatternDeniesMoreOrAllowsWhatTheDefaultsDeny() throws Exception {
    JavaSerializer deny = new JavaSerializer(List.of(),
        DeserializationFilter.of("!" + Point.class.getName()));
    assertThatThrownBy(() -> roundTrip(deny, new Point(1, 2)))
        .isInstanceOf(InvalidClassException.class)
        .hasMessageContaining("class " + Point.class.getName())
        .hasMessageContaining("profile's deserialization filter (pattern !" + Point.class.getName());
    JavaSerializer allow = new JavaSerializer(List.of(), DeserializationFilter.of("java.rmi.server.UID"));
    assertThat(roundTrip(allow, new UID())).isInstanceOf(UID.class);
  }

  @Test
  void anAllowListNeedsOnlyTheTasksOwnClasses() throws Exception {
    JavaSerializer only = new JavaSerializer(List.of(),
        DeserializationFilter.of("org.mirai4j.internal.serial.DeserializationFilterTest*;!*"));
    Point p = new Point(3, 4);
    @SuppressWarnings("unchecked")
    Task<Integer> task = (Task<Integer>) roundTrip(only, (Task<Integer>) () -> p.y());
    assertThat(task.call()).isEqualTo(4);
    assertThat(((RemoteError) roundTrip(only, RemoteError.of(new RuntimeException("x")))).message())
        .isEqualTo("x");
    RuntimeException withSuppressed = new RuntimeException("y");
    withSuppressed.addSuppressed(new IllegalStateException("z"));
    RemoteError full = (RemoteError) roundTrip(only,
        RemoteError.of(withSuppressed).withOriginal(new byte[] {0, 1, 2}));
    assertThat(full.suppressed()).as("suppressed and the original travel under an allow list")
        .singleElement().extracting(RemoteError::message).isEqualTo("z");
    assertThat(full.original()).containsExactly(0, 1, 2);
    assertThatThrownBy(() -> roundTrip(only, List.of(1)))
        .hasMessageContaining("class java.lang.Integer");
  }

  @Test
  void anOverDeepGraphIsRejectedByDepth() throws Exception {
    Node head = null;
    for (int i = 0; i < 600; i++) {
      Node n = new Node();
      n.next = head;
      head = n;
    }
    Bytes bytes = encodeOnABigStack(head);
    JavaSerializer s = new JavaSerializer();
    assertThatThrownBy(() -> s.decode(bytes.array(), 0, bytes.length(), getClass().getClassLoader()))
        .isInstanceOf(InvalidClassException.class)
        .hasMessageContaining(Node.class.getName())
        .hasMessageContaining("exceeds maxdepth=500");
  }

  @Test
  void anArrayLongerThanItsFrameIsRefusedBeforeAllocation() throws Exception {
    JavaSerializer s = new JavaSerializer();
    Bytes bytes = s.encode(new Object[] {new Object[7]}, 0);
    byte[] crafted = Arrays.copyOf(bytes.array(), bytes.length());
    // The inner array's length, the last int before its 7 nulls (TC_NULL = 0x70).
    int at = bytes.length() - 7 - 4;
    assertThat(ByteBuffer.wrap(crafted, at, 4).getInt()).isEqualTo(7);
    ByteBuffer.wrap(crafted, at, 4).putInt(Integer.MAX_VALUE);
    assertThatThrownBy(() -> s.decode(crafted, 0, crafted.length, getClass().getClassLoader()))
        .isInstanceOf(InvalidClassException.class)
        .hasMessageContaining("array length 2147483647 exceeds maxarray=1024");
  }

  @Test
  void aLargeArrayClaiming2To31ElementsInATinyFrameAllocatesNothing() throws Exception {
    JavaSerializer s = new JavaSerializer();
    double[] real = new double[LargeArray.THRESHOLD_BYTES / 8 + 1];
    Bytes bytes = s.encode(real, 0);
    int at = indexOf(bytes, new byte[] {'D', 0, 0, (byte) (real.length >> 8), (byte) real.length});
    assertThat(at).isPositive();
    for (int claim : new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, 50_000_000}) {
      byte[] tiny = Arrays.copyOf(bytes.array(), at + 64); // the header, a few elements
      ByteBuffer.wrap(tiny, at + 1, 4).putInt(claim);
      assertThatThrownBy(() -> s.decode(tiny, 0, tiny.length, getClass().getClassLoader()))
          .isInstanceOf(InvalidObjectException.class)
          .hasMessageContaining("a large array of " + claim + " elements of 8 bytes claims more");
    }
    // Unchanged, it still reads back.
    assertThat((double[]) s.decode(bytes.array(), 0, bytes.length(), getClass().getClassLoader()))
        .hasSize(real.length);
  }

  @Test
  void aLargeArrayLengthIsCheckedAgainstTheBytesLeft() {
    assertThatThrownBy(() -> LargeArray.checkLength((byte) 'I', 1 << 30, 1 << 20))
        .isInstanceOf(InvalidObjectException.class).hasMessageContaining("1048576 bytes left");
    assertThatThrownBy(() -> LargeArray.checkLength((byte) 'D', 10, -1))
        .hasMessageContaining("outside a mirai4j stream");
  }

  @Test
  void aMalformedPatternIsRefusedNamingIt() {
    assertThatThrownBy(() -> DeserializationFilter.of("maxdepth=x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"maxdepth=x\"");
  }

  @Test
  void thePatternTravelsWithTheCodecsAndIsAppliedToThem() throws Exception {
    assertThat(SerialConfig.encode(List.of(), DeserializationFilter.defaults())).isEmpty();
    byte[] config = SerialConfig.encode(List.of(), DeserializationFilter.of("!com.acme.*"));
    assertThat(SerialConfig.read(ByteBuffer.wrap(config)).filter().pattern()).isEqualTo("!com.acme.*");
    CustomCodec<StringBuilder> codec = new CustomCodec<>(StringBuilder.class,
        sb -> sb.toString().getBytes(), b -> new StringBuilder(new String(b)));
    byte[] both = SerialConfig.encode(List.of(codec), DeserializationFilter.of("maxrefs=50"));
    JavaSerializer read = SerialConfig.read(ByteBuffer.wrap(both));
    assertThat(read.codecs()).hasSize(1);
    assertThat(read.filter().pattern()).isEqualTo("maxrefs=50");
    byte[] denied = SerialConfig.encode(List.of(codec),
        DeserializationFilter.of("!" + DeserializationFilterTest.class.getName()));
    assertThatThrownBy(() -> SerialConfig.read(ByteBuffer.wrap(denied)))
        .hasMessageContaining(DeserializationFilterTest.class.getName());
  }

  private static Bytes encodeOnABigStack(Object value) throws Exception {
    Bytes[] out = new Bytes[1];
    Exception[] failure = new Exception[1];
    Thread t = new Thread(null, () -> {
      try {
        out[0] = new JavaSerializer().encode(value, 0);
      } catch (Exception e) {
        failure[0] = e;
      }
    }, "big-stack", 256L << 20);
    t.start();
    t.join();
    if (failure[0] != null) {
      throw failure[0];
    }
    return out[0];
  }

  private static int indexOf(Bytes bytes, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= bytes.length(); i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (bytes.array()[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
