package org.mirai4j.internal.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mirai4j.Serialization;

class JavaSerializerTest {
  private final JavaSerializer serializer = new JavaSerializer();

  private Object roundTrip(JavaSerializer s, Object value) throws Exception {
    Bytes bytes = s.encode(value, 3);
    return s.decode(bytes.array(), 3, bytes.length() - 3, getClass().getClassLoader());
  }

  @Test
  void largePrimitiveArraysRoundTripExactly() throws Exception {
    double[] d = new double[100_003];
    long[] l = new long[50_001];
    int[] i = new int[70_000];
    float[] f = new float[30_000];
    for (int k = 0; k < d.length; k++) {
      d[k] = k * 0.5 - 7;
    }
    for (int k = 0; k < l.length; k++) {
      l[k] = Long.MAX_VALUE - k;
    }
    for (int k = 0; k < i.length; k++) {
      i[k] = -k;
    }
    for (int k = 0; k < f.length; k++) {
      f[k] = k / 3f;
    }
    Object[] back = (Object[]) roundTrip(serializer, new Object[] {d, l, i, f});
    assertThat((double[]) back[0]).containsExactly(d);
    assertThat((long[]) back[1]).containsExactly(l);
    assertThat((int[]) back[2]).containsExactly(i);
    assertThat((float[]) back[3]).containsExactly(f);
  }

  @Test
  void aSharedLargeArrayStaysShared() throws Exception {
    double[] shared = new double[20_000];
    @SuppressWarnings("unchecked")
    List<double[]> back = (List<double[]>) roundTrip(serializer, List.of(shared, shared));
    assertThat(back.get(0)).isSameAs(back.get(1));
  }

  @Test
  void aStreamLengthClaimingMoreThanTheValueHoldsIsRefused() throws Exception {
    Bytes bytes = serializer.encode(new double[100_000], 0);
    byte[] forged = java.util.Arrays.copyOf(bytes.array(), bytes.length());
    java.nio.ByteBuffer.wrap(forged, 1, 4).putInt(Integer.MAX_VALUE);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> serializer.decode(forged, 0, forged.length, getClass().getClassLoader()))
        .isInstanceOf(java.io.InvalidObjectException.class)
        .hasMessageContaining("claims more than the " + (forged.length - 5) + " bytes");
  }

  @Test
  void aPlainJavaSerializationStreamStillDecodes() throws Exception {
    java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(plain)) {
      out.writeObject(List.of("a", 1));
    }
    byte[] bytes = plain.toByteArray();
    assertThat(serializer.decode(bytes, 0, bytes.length, getClass().getClassLoader()))
        .isEqualTo(List.of("a", 1));
  }

  @Test
  void registeredTypesUseTheirCodec() throws Exception {
    JavaSerializer custom = new JavaSerializer(List.of(new CustomCodec<>(StringBuilder.class,
        (Serialization.Encoder<StringBuilder>) sb -> sb.toString().getBytes(),
        (Serialization.Decoder<StringBuilder>) b -> new StringBuilder("decoded:" + new String(b)))));
    assertThat(roundTrip(custom, new StringBuilder("x")).toString()).isEqualTo("decoded:x");
  }
}
