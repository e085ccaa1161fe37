package org.mirai4j.internal.serial;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Stands in the stream for a large primitive array. Java serialization converts such arrays
 * element by element, and even written in bulk they would go through its 1 KiB blocks; so the
 * stream holds only the array's kind and length, and {@link JavaSerializer} puts the elements
 * after the stream, each array in one bulk copy, and reads them back the same way. Little-endian,
 * the order of the machines daemons run on, so the copies are plain memory copies there.
 */
final class LargeArray implements Serializable {
  private static final long serialVersionUID = 2L;
  /** Arrays of at least this many bytes are written this way. */
  static final int THRESHOLD_BYTES = 64 * 1024;

  private transient Object array;
  private transient int byteSize;

  private LargeArray(Object array) {
    this.array = array;
  }

  /** The stand-in for a large primitive array, or null when the value is not one. */
  static LargeArray of(Object value) {
    int bytes;
    if (value instanceof double[] a) {
      bytes = a.length * 8;
    } else if (value instanceof long[] a) {
      bytes = a.length * 8;
    } else if (value instanceof int[] a) {
      bytes = a.length * 4;
    } else if (value instanceof float[] a) {
      bytes = a.length * 4;
    } else {
      return null;
    }
    if (bytes < THRESHOLD_BYTES) {
      return null;
    }
    LargeArray large = new LargeArray(value);
    large.byteSize = bytes;
    return large;
  }

  /** The array. */
  Object array() {
    return array;
  }

  /** Bytes of its elements. */
  int byteSize() {
    return byteSize;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    Object a = array;
    out.writeByte(a instanceof double[] ? 'D' : a instanceof long[] ? 'J' : a instanceof int[] ? 'I' : 'F');
    out.writeInt(java.lang.reflect.Array.getLength(a));
    JavaSerializer.appendAfterStream(out, this);
  }

  private void readObject(ObjectInputStream in) throws IOException {
    byte kind = in.readByte();
    int length = in.readInt();
    array = JavaSerializer.readAfterStream(in, kind, length);
  }

  /** A new array of {@code length} elements of {@code kind}, read from {@code view}. */
  static Object read(byte kind, int length, ByteBuffer view) throws IOException {
    ByteBuffer le = view.order(ByteOrder.LITTLE_ENDIAN);
    switch (kind) {
      case 'D' -> {
        double[] a = new double[length];
        le.asDoubleBuffer().get(a);
        return a;
      }
      case 'J' -> {
        long[] a = new long[length];
        le.asLongBuffer().get(a);
        return a;
      }
      case 'I' -> {
        int[] a = new int[length];
        le.asIntBuffer().get(a);
        return a;
      }
      case 'F' -> {
        float[] a = new float[length];
        le.asFloatBuffer().get(a);
        return a;
      }
      default -> throw new IOException("unknown large array kind " + kind);
    }
  }

  /** Bytes per element of {@code kind}. */
  static int elementBytes(byte kind) throws InvalidObjectException {
    return switch (kind) {
      case 'D', 'J' -> 8;
      case 'I', 'F' -> 4;
      default -> throw new InvalidObjectException("unknown large array kind " + kind);
    };
  }

  /**
   * Refuses a length the frame cannot hold before anything is allocated for it, so a crafted
   * frame never allocates more than its own size.
   *
   * @param bytesLeft what the frame still holds after the stream, or -1 when it is not a stream
   *     of ours
   */
  static void checkLength(byte kind, int length, long bytesLeft) throws InvalidObjectException {
    int elementBytes = elementBytes(kind);
    if (bytesLeft < 0) {
      throw new InvalidObjectException("a large array outside a mirai4j stream");
    }
    if (length < 0 || (long) length * elementBytes > bytesLeft) {
      throw new InvalidObjectException("a large array of " + length + " elements of "
          + elementBytes + " bytes claims more than the " + bytesLeft
          + " bytes left in its frame");
    }
  }

  private Object readResolve() throws ObjectStreamException {
    return array;
  }
}
