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
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Java serialization, with values of registered types replaced by their custom encoding (R:
 * {@code serial_config}). Carries any {@link Serializable}: capturing lambdas, records,
 * collections, primitive arrays. Every stream it reads passes a {@link DeserializationFilter}
 * bounded by the stream's own size.
 */
public final class JavaSerializer implements Serializer {
  /**
   * First byte of a value this serializer writes: then the Java stream's length (4 bytes), the
   * stream, and the elements of the large arrays in it ({@link LargeArray}). A value starting
   * with 0xAC is a plain Java serialization stream.
   */
  private static final byte LAYOUT = 'M';

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
    buffer.write(LAYOUT);
    buffer.write(new byte[4], 0, 4); // the stream's length, known once it is written
    CodecOutputStream out = new CodecOutputStream(buffer);
    try (out) {
      out.writeObject(value);
    }
    int streamStart = headroom + 1 + 4;
    buffer.putInt(headroom + 1, buffer.count() - streamStart);
    long after = 0;
    for (LargeArray large : out.large) {
      after += large.byteSize();
    }
    if (after > 0) {
      buffer.reserve(Math.toIntExact(after)); // one growth for all of them
      for (LargeArray large : out.large) {
        buffer.writeArray(large.array(), large.byteSize());
      }
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
    int streamStart = offset;
    int streamLength = length;
    if (length > 0 && bytes[offset] == LAYOUT) {
      if (length < 5) {
        throw new InvalidObjectException("a value of " + length + " bytes is too short to hold one");
      }
      streamLength = ByteBuffer.wrap(bytes, offset + 1, 4).getInt();
      if (streamLength < 0 || streamLength > length - 5) {
        throw new InvalidObjectException("a stream of " + streamLength
            + " bytes claims more than the " + (length - 5) + " bytes of its value");
      }
      streamStart = offset + 5;
    } // else a plain Java serialization stream (0xACED...), with nothing after it
    // Bounded by the whole value: the large arrays after the stream are part of it (and the
    // filter sees each one as readResolve returns it).
    DeserializationFilter.Check check = filter.forStream(length);
    ByteArrayInputStream source = new ByteArrayInputStream(bytes, streamStart, streamLength);
    try (CodecInputStream in = new CodecInputStream(source, loader, check, bytes,
        streamStart + streamLength, offset + length)) {
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

  /** Queues a large array's elements to go after the stream (called from its writeObject). */
  static void appendAfterStream(ObjectOutputStream out, LargeArray large) throws IOException {
    if (!(out instanceof CodecOutputStream codec)) {
      throw new InvalidObjectException("a large array outside a mirai4j stream");
    }
    codec.large.add(large);
  }

  /**
   * The next large array's elements from after the stream (called from its readObject), its
   * length checked against the bytes left there before anything is allocated.
   */
  static Object readAfterStream(ObjectInputStream in, byte kind, int length) throws IOException {
    if (!(in instanceof CodecInputStream codec)) {
      LargeArray.checkLength(kind, length, -1);
      throw new AssertionError("unreachable");
    }
    LargeArray.checkLength(kind, length, codec.afterEnd - codec.afterNext);
    int bytes = length * LargeArray.elementBytes(kind);
    Object array =
        LargeArray.read(kind, length, ByteBuffer.wrap(codec.frame, codec.afterNext, bytes));
    codec.afterNext += bytes;
    return array;
  }

  /** What stands in the stream for a value of a registered type. */
  private record Encoded(int codec, byte[] bytes) implements Serializable {}

  private final class CodecOutputStream extends ObjectOutputStream {
    /** The large arrays whose elements go after the stream, in the order they were written. */
    final List<LargeArray> large = new java.util.ArrayList<>();

    CodecOutputStream(OutputStream out) throws IOException {
      super(out);
      enableReplaceObject(true);
    }

    @Override
    protected Object replaceObject(Object obj) throws IOException {
      if (obj.getClass().isArray()) {
        LargeArray stand = LargeArray.of(obj);
        if (stand != null) {
          return stand;
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
    private final ClassLoader loader;
    /** The frame, and where the large arrays' elements after the stream start and end. */
    final byte[] frame;
    int afterNext;
    final int afterEnd;

    CodecInputStream(ByteArrayInputStream in, ClassLoader loader, ObjectInputFilter filter,
        byte[] frame, int afterStart, int afterEnd) throws IOException {
      super(in);
      this.loader = loader;
      this.frame = frame;
      this.afterNext = afterStart;
      this.afterEnd = afterEnd;
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
