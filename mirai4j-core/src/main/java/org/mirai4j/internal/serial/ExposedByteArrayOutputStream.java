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

  /** Appends a primitive array's elements, little-endian, in one bulk copy. */
  void writeArray(Object array, int bytes) {
    reserve(bytes);
    java.nio.ByteBuffer view =
        java.nio.ByteBuffer.wrap(buf, count, bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    if (array instanceof double[] a) {
      view.asDoubleBuffer().put(a);
    } else if (array instanceof long[] a) {
      view.asLongBuffer().put(a);
    } else if (array instanceof int[] a) {
      view.asIntBuffer().put(a);
    } else {
      view.asFloatBuffer().put((float[]) array);
    }
    count += bytes;
  }

  /** Overwrites the int at {@code position}, big-endian. */
  void putInt(int position, int value) {
    java.nio.ByteBuffer.wrap(buf, position, 4).putInt(value);
  }

  /** Bytes written so far. */
  int count() {
    return count;
  }

  Bytes bytes() {
    return new Bytes(buf, count);
  }
}
