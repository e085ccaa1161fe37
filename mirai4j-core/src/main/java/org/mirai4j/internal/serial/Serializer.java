package org.mirai4j.internal.serial;

import java.io.IOException;

/** Turns values into bytes and back. Implementations are thread-safe. */
public interface Serializer {
  /**
   * Encodes a value after {@code headroom} bytes left free for the caller's own header, so the
   * result goes on the wire without another copy.
   *
   * @throws java.io.NotSerializableException naming the class that cannot be serialized
   * @throws IOException for other failures
   */
  Bytes encode(Object value, int headroom) throws IOException;

  /**
   * Decodes a value.
   *
   * @param loader where classes named in the bytes are found
   */
  Object decode(byte[] bytes, int offset, int length, ClassLoader loader)
      throws IOException, ClassNotFoundException;
}
