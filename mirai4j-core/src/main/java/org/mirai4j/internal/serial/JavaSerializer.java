package org.mirai4j.internal.serial;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;

/**
 * Java serialization, with values of registered types replaced by their custom encoding (R:
 * {@code serial_config}). Carries any {@link Serializable}: capturing lambdas, records,
 * collections, primitive arrays. Every stream it reads passes a {@link DeserializationFilter}
 * bounded by the stream's own size.
 */
public final class JavaSerializer implements Serializer {
  /** Bytes ObjectInputStream may have read ahead of what it handed out: a block and its header. */
  private static final int READ_AHEAD = 1024 + 5;

  private final List<CustomCodec<?>> codecs;
  private final DeserializationFilter filter;

  /** A serializer with custom codecs, tried in order, reading through {@code filter}. */
  public JavaSerializer(List<CustomCodec<?>> codecs, DeserializationFilter filter) {
    this.codecs = List.copyOf(codecs);
    this.filter = java.util.Objects.requireNonNull(filter, "filter");
  }

  /** A serializer with custom codecs, tried in order, and the default filter. */
  public JavaSerializer(List<CustomCodec<?>> codecs) {
    this(codecs, DeserializationFilter.defaults());
  }

  /** A serializer without custom codecs. */
  public JavaSerializer() {
    this(List.of());
  }

  /** What streams read by this serializer may hold. */
  public DeserializationFilter filter() {
    return filter;
  }

  /** The custom codecs, in order. */
  public List<CustomCodec<?>> codecs() {
    return codecs;
  }

  @Override
  public Bytes encode(Object value, int headroom) throws IOException {
    ExposedByteArrayOutputStream buffer = new ExposedByteArrayOutputStream(512);
    buffer.write(new byte[headroom], 0, headroom);
    try (ObjectOutputStream out = new CodecOutputStream(buffer, buffer)) {
      out.writeObject(value);
    }
    return buffer.bytes();
  }

  /**
   * {@inheritDoc}
   *
   * @throws InvalidClassException when the filter rejects the stream, its message naming the
   *     class and the rule or limit that refused it
   */
  @Override
  public Object decode(byte[] bytes, int offset, int length, ClassLoader loader)
      throws IOException, ClassNotFoundException {
    DeserializationFilter.Check check = filter.forStream(length);
    try (ObjectInputStream in =
        new CodecInputStream(new ByteArrayInputStream(bytes, offset, length), loader, check)) {
      return in.readObject();
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      if (check.rejection() != null) {
        throw rejected(check, e);
      }
      throw e;
    } catch (StackOverflowError e) {
      // Only with a raised maxdepth: the graph is deeper than this thread's stack.
      throw new InvalidObjectException("the object graph is nested too deep for this thread's"
          + " stack: lower maxdepth in the profile's deserialization filter");
    }
  }

  /**
   * Reads one value from {@code bytes[offset, offset + length)} with the filter, for streams
   * without custom codecs such as the WELCOME's registrations; classes resolve as in plain
   * Java serialization.
   */
  static Object readFiltered(DeserializationFilter filter, byte[] bytes, int offset, int length)
      throws IOException, ClassNotFoundException {
    DeserializationFilter.Check check = filter.forStream(length);
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes, offset, length))) {
      in.setObjectInputFilter(check);
      return in.readObject();
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      if (check.rejection() != null) {
        throw rejected(check, e);
      }
      throw e;
    }
  }

  private static InvalidClassException rejected(DeserializationFilter.Check check, Exception e) {
    InvalidClassException rejected = new InvalidClassException(check.rejection());
    rejected.initCause(e);
    return rejected;
  }

  /**
   * How many bytes are left to read in a stream this serializer decodes, read-ahead included,
   * or -1 for any other stream: what a length in the stream is checked against before it is
   * allocated.
   */
  static long bytesLeft(ObjectInputStream in) {
    return in instanceof CodecInputStream codec ? codec.source.available() + READ_AHEAD : -1;
  }

  /** What stands in the stream for a value of a registered type. */
  private record Encoded(int codec, byte[] bytes) implements Serializable {}

  private final class CodecOutputStream extends ObjectOutputStream {
    private final ExposedByteArrayOutputStream buffer;

    CodecOutputStream(OutputStream out, ExposedByteArrayOutputStream buffer) throws IOException {
      super(out);
      this.buffer = buffer;
      enableReplaceObject(true);
    }

    @Override
    protected Object replaceObject(Object obj) throws IOException {
      if (obj.getClass().isArray()) {
        LargeArray large = LargeArray.of(obj);
        if (large != null) {
          // Grow the buffer once to fit the array, rather than by doubling copies.
          buffer.reserve(large.streamSize());
          return large;
        }
      }
      for (int i = 0; i < codecs.size(); i++) {
        CustomCodec<?> codec = codecs.get(i);
        if (codec.type().isInstance(obj)) {
          return new Encoded(i, codec.encodeUnchecked(obj));
        }
      }
      return obj;
    }
  }

  private final class CodecInputStream extends ObjectInputStream {
    private final ByteArrayInputStream source;
    private final ClassLoader loader;

    CodecInputStream(ByteArrayInputStream in, ClassLoader loader, ObjectInputFilter filter)
        throws IOException {
      super(in);
      this.source = in;
      this.loader = loader;
      setObjectInputFilter(filter);
      if (!codecs.isEmpty()) {
        enableResolveObject(true);
      }
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        try {
          return super.resolveClass(desc);
        } catch (ClassNotFoundException again) {
          throw e; // the loader's own message says why, e.g. the host did not ship it
        }
      }
    }

    @Override
    protected Object resolveObject(Object obj) throws IOException {
      if (obj instanceof Encoded encoded) {
        return codecs.get(encoded.codec()).decodeUnchecked(encoded.bytes());
      }
      return obj;
    }
  }
}
