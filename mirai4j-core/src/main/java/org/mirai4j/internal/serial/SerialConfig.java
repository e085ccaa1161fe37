package org.mirai4j.internal.serial;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A profile's serialization as it travels to each daemon, at the end of the WELCOME config:
 * nothing at all for the defaults; otherwise the deserialization filter pattern (an unsigned
 * 16-bit length and UTF-8, empty for none) followed by the custom codecs as one Java-serialized
 * list, if there are any. The daemon reads the codecs through the filter it has just read.
 */
public final class SerialConfig {
  private SerialConfig() {}

  /**
   * The config bytes for a profile.
   *
   * @throws IllegalArgumentException when a codec cannot be serialized
   */
  public static byte[] encode(List<CustomCodec<?>> codecs, DeserializationFilter filter) {
    String pattern = filter.pattern() == null ? "" : filter.pattern();
    if (codecs.isEmpty() && pattern.isEmpty()) {
      return new byte[0];
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      byte[] utf8 = pattern.getBytes(StandardCharsets.UTF_8);
      DataOutputStream data = new DataOutputStream(bytes);
      data.writeShort(utf8.length); // at most 3 x MAX_PATTERN_LENGTH < 65536
      data.write(utf8);
      data.flush();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    if (!codecs.isEmpty()) {
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(new ArrayList<>(codecs));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "a registered encoder or decoder cannot be serialized to send to daemons: "
                + e.getMessage(), e);
      }
    }
    return bytes.toByteArray();
  }

  /**
   * The daemon's serializer from the rest of the WELCOME config.
   *
   * @throws IOException when the config is malformed, a codec cannot be loaded, or the filter
   *     rejects the codecs' stream
   */
  @SuppressWarnings("unchecked")
  public static JavaSerializer read(ByteBuffer payload) throws IOException {
    if (!payload.hasRemaining()) {
      return new JavaSerializer();
    }
    try {
      byte[] utf8 = new byte[Short.toUnsignedInt(payload.getShort())];
      payload.get(utf8);
      DeserializationFilter filter =
          DeserializationFilter.of(new String(utf8, StandardCharsets.UTF_8));
      if (!payload.hasRemaining()) {
        return new JavaSerializer(List.of(), filter);
      }
      // Authenticated host: its registrations are trusted like its tasks, and filtered alike.
      Object codecs = JavaSerializer.readFiltered(filter, payload.array(),
          payload.arrayOffset() + payload.position(), payload.remaining());
      return new JavaSerializer((List<CustomCodec<?>>) codecs, filter);
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot load a serializer registered by the host: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new IOException("malformed serialization config from the host: " + e, e);
    }
  }
}
