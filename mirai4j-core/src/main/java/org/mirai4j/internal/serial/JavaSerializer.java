package org.mirai4j.internal.serial;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;

/**
 * Java serialization, with values of registered types replaced by their custom encoding (R:
 * {@code serial_config}). Carries any {@link Serializable}: capturing lambdas, records,
 * collections, primitive arrays.
 */
public final class JavaSerializer implements Serializer {
  private final List<CustomCodec<?>> codecs;

  /** A serializer with custom codecs, tried in order. */
  public JavaSerializer(List<CustomCodec<?>> codecs) {
    this.codecs = List.copyOf(codecs);
  }

  /** A serializer without custom codecs. */
  public JavaSerializer() {
    this(List.of());
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

  @Override
  public Object decode(byte[] bytes, int offset, int length, ClassLoader loader)
      throws IOException, ClassNotFoundException {
    try (ObjectInputStream in =
        new CodecInputStream(new ByteArrayInputStream(bytes, offset, length), loader)) {
      return in.readObject();
    }
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
    private final ClassLoader loader;

    CodecInputStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
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
        return super.resolveClass(desc);
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
