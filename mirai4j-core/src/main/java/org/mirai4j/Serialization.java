package org.mirai4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.mirai4j.internal.serial.CustomCodec;
import org.mirai4j.internal.serial.DeserializationFilter;
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
 *
 * <h2>What may be deserialized</h2>
 *
 * Every stream read from a peer, tasks on a daemon and results on the host, passes an {@link
 * java.io.ObjectInputFilter}: limits bounded by the frame's own size (no array longer, and no
 * more references, than the frame has bytes; nesting at most 500 deep), then a profile's
 * own {@link Builder#filter pattern}, then a default deny list of the roots of known gadget
 * chains and of classes that deserialize a nested stream ({@code java.rmi.server.*}, {@code
 * sun.rmi.**}, {@code java.security.SignedObject}, {@code
 * org.apache.commons.collections.functors.*}, Xalan's {@code TemplatesImpl}, Groovy's {@code
 * MethodClosure}, ...). Anything else is allowed, so captured JDK collections,
 * records, arrays and the task's own classes work as before. A rejected result resolves its
 * mirai to a {@link MiraiError} whose message names the class and the rule or limit; a
 * rejected task does the same on the daemon, which goes on serving.
 *
 * <h2>Process-wide registrations</h2>
 *
 * {@link #registerDefault} registers a type for every profile started afterwards that is not
 * given a serialization of its own (R: {@code register_serial()}), so a library can make its
 * types travel without each application configuring every profile:
 *
 * <pre>{@code
 * Serialization.registerDefault(Point.class, Point::toBytes, Point::fromBytes);
 * Daemons.start(2);                     // Point crosses in both directions
 * }</pre>
 */
public final class Serialization {
  /** The process-wide registrations, in order; replaced whole under the class lock. */
  private static volatile List<CustomCodec<?>> registered = List.of();

  private final List<CustomCodec<?>> codecs;
  private final String filter;

  private Serialization(List<CustomCodec<?>> codecs, String filter) {
    this.codecs = List.copyOf(codecs);
    this.filter = filter;
  }

  /** Plain Java serialization, with no custom types and the default filter. */
  public static Serialization defaults() {
    return new Serialization(List.of(), null);
  }

  /** A builder for custom types. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers a type process-wide (R: {@code register_serial()}): every profile started after
   * this, by {@link Daemons#start(int)} or a {@link Daemons.Builder} given no {@link
   * Daemons.Builder#serialization serialization} of its own, encodes the type's values (and its
   * subtypes') with {@code toBytes} and decodes them with {@code fromBytes}, as {@link
   * Builder#register} does for one profile; profiles running already keep what they started
   * with. Registrations add up, earlier ones winning. Thread-safe.
   *
   * @throws IllegalArgumentException when the type is registered process-wide already, naming it
   */
  public static synchronized <T> void registerDefault(
      Class<T> type, Encoder<T> toBytes, Decoder<T> fromBytes) {
    java.util.Objects.requireNonNull(type, "type");
    java.util.Objects.requireNonNull(toBytes, "toBytes");
    java.util.Objects.requireNonNull(fromBytes, "fromBytes");
    List<CustomCodec<?>> next = new ArrayList<>(registered);
    for (CustomCodec<?> codec : next) {
      if (codec.type() == type) {
        throw new IllegalArgumentException(
            "type already registered process-wide: " + type.getName());
      }
    }
    next.add(new CustomCodec<>(type, toBytes, fromBytes));
    registered = List.copyOf(next);
  }

  /**
   * Removes a process-wide registration (for profiles started afterwards); true if {@code type}
   * was registered. mirai has no counterpart; tests and plug-ins that unload need it.
   */
  public static synchronized boolean unregisterDefault(Class<?> type) {
    List<CustomCodec<?>> next = new ArrayList<>(registered);
    boolean removed = next.removeIf(codec -> codec.type() == type);
    registered = List.copyOf(next);
    return removed;
  }

  /**
   * What a profile started now without its own serialization uses: Java serialization with the
   * types registered by {@link #registerDefault}, in order, and the default filter.
   */
  public static Serialization registered() {
    return new Serialization(registered, null);
  }

  /** The registered types, in order. */
  public List<Class<?>> types() {
    return codecs.stream().<Class<?>>map(CustomCodec::type).toList();
  }

  Serializer serializer() {
    return new JavaSerializer(codecs, DeserializationFilter.of(filter));
  }

  List<CustomCodec<?>> codecs() {
    return codecs;
  }

  /** The profile's deserialization filter pattern, or null for the defaults alone. */
  public String filter() {
    return filter;
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
    private String filter;

    private Builder() {}

    /**
     * Registers a type: its values (and its subtypes') are encoded by {@code toBytes} and decoded
     * by {@code fromBytes}. Earlier registrations win. A profile given this configuration uses
     * only what is registered here, not the process-wide {@link #registerDefault} ones.
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

    /**
     * Which classes the profile's tasks and results may contain, in the pattern syntax of
     * {@link java.io.ObjectInputFilter.Config#createFilter}: patterns separated by {@code ;},
     * {@code !} to reject, {@code pkg.*} a package, {@code pkg.**} a package and its
     * subpackages, {@code module/pkg.*} by module; the first matching pattern decides. The
     * pattern travels to every daemon, so both sides apply it.
     *
     * <p>It is checked before the default deny list, so it can deny more or allow a class the
     * defaults deny. A class it does not match is allowed unless the defaults deny it; end with
     * {@code !*} for an allow list. mirai4j's own carriers (lambdas' {@code SerializedLambda},
     * remote errors, large arrays) are always allowed, so an allow list names only the task's
     * classes and the JDK types its values use. Limits {@code maxdepth=} and {@code maxrefs=}
     * replace the defaults; {@code maxarray=} and {@code maxbytes=} can only lower the bound set
     * by each frame's size.
     *
     * <pre>{@code
     * // Deny a library's gadgets on top of the defaults:
     * Serialization.builder().filter("!org.apache.commons.collections.functors.*").build();
     * // Allow only the application, the JDK's java.base, and nothing else:
     * Serialization.builder().filter("com.acme.**;java.base/*;!*").build();
     * // Deeper object graphs (daemons need the stack for them):
     * Serialization.builder().filter("maxdepth=5000").build();
     * }</pre>
     *
     * @param pattern the filter; null or blank for the defaults alone
     * @throws IllegalArgumentException for a malformed pattern, naming it
     */
    public Builder filter(String pattern) {
      this.filter = DeserializationFilter.of(pattern).pattern();
      return this;
    }

    /** The serialization configuration. */
    public Serialization build() {
      return new Serialization(codecs, filter);
    }
  }
}
