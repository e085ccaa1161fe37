package org.mirai4j.internal.serial;

import java.io.ByteArrayOutputStream;

/** A ByteArrayOutputStream whose buffer is handed out without the copy of toByteArray(). */
final class ExposedByteArrayOutputStream extends ByteArrayOutputStream {
  ExposedByteArrayOutputStream(int size) {
    super(size);
  }

  Bytes bytes() {
    return new Bytes(buf, count);
  }
}
