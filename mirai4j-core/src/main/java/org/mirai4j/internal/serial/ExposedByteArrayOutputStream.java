package org.mirai4j.internal.serial;

import java.io.ByteArrayOutputStream;

/** A ByteArrayOutputStream whose buffer is handed out without the copy of toByteArray(). */
final class ExposedByteArrayOutputStream extends ByteArrayOutputStream {
  ExposedByteArrayOutputStream(int size) {
    super(size);
  }

  /** Makes room for {@code n} more bytes at once, instead of doubling up to them. */
  void reserve(int n) {
    if (buf.length - count < n) {
      buf = java.util.Arrays.copyOf(buf, Math.addExact(count, n));
    }
  }

  Bytes bytes() {
    return new Bytes(buf, count);
  }
}
