package org.mirai4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.mirai4j.internal.serial.CustomCodec;
import org.mirai4j.internal.serial.JavaSerializer;
import org.mirai4j.internal.serial.Serializer;

/**
 * How values cross between host and daemons (R: {@code serial_config}). By default Java
 * serialization carries any {@link Serializable} value; types registered here use their own
 * encoding instead, wherever they appear in a task or its result. The registrations are sent to
 * each daemon as it connects, so encoders and decoders must be serializable lambdas.
 *
 * <pre>{@code
 * Serialization serialization = Serialization.builder()
 *     .register(Point.class, p -> p.toBytes(), Point::fromBytes)
 *     .build();
 * Daemons.builder().n(2).serialization(serialization).start();
 * }</pre>
 */
public final class Serialization {
  private final List<CustomCodec<?>> codecs;

  private Serialization(List<CustomCodec<?>> codecs) {
    this.codecs = List.copyOf(codecs);
  }

  /** Plain Java serialization, with no custom types. */
  public static Serialization defaults() {
    return new Serialization(List.of());
  }

  /** A builder for custom types. */
  public static Builder builder() {
    return new Builder();
  }

  /** The registered types, in order. */
  public List<Class<?>> types() {
    return codecs.stream().<Class<?>>map(CustomCodec::type).toList();
  }

  Serializer serializer() {
    return new JavaSerializer(codecs);
  }

  List<CustomCodec<?>> codecs() {
    return codecs;
  }

  /**
   * Encodes one value of a registered type.
   *
   * @param <T> the type
   */
  @FunctionalInterface
  public interface Encoder<T> extends Serializable {
    /** The value as bytes. */
    byte[] encode(T value) throws Exception;
  }

  /**
   * Decodes one value of a registered type.
   *
   * @param <T> the type
   */
  @FunctionalInterface
  public interface Decoder<T> extends Serializable {
    /** The value from bytes. */
    T decode(byte[] bytes) throws Exception;
  }

  /** Collects registrations. */
  public static final class Builder {
    private final List<CustomCodec<?>> codecs = new ArrayList<>();

    private Builder() {}

    /**
     * Registers a type: its values (and its subtypes') are encoded by {@code toBytes} and decoded
     * by {@code fromBytes}. Earlier registrations win.
     *
     * @throws IllegalArgumentException when the type is registered already
     */
    public <T> Builder register(Class<T> type, Encoder<T> toBytes, Decoder<T> fromBytes) {
      for (CustomCodec<?> codec : codecs) {
        if (codec.type() == type) {
          throw new IllegalArgumentException("type already registered: " + type.getName());
        }
      }
      codecs.add(new CustomCodec<>(type, toBytes, fromBytes));
      return this;
    }

    /** The serialization configuration. */
    public Serialization build() {
      return new Serialization(codecs);
    }
  }
}
