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
 * element by element; this writes them through bulk buffer views instead, several times
 * faster, in bounded chunks so no second copy of the array is made. Little-endian, the order
 * of the machines daemons run on, so the views are plain copies there.
 */
final class LargeArray implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Arrays of at least this many bytes are written this way. */
  static final int THRESHOLD_BYTES = 64 * 1024;
  private static final int CHUNK_BYTES = 64 * 1024;

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

  /** Bytes this array takes in the stream, block headers included. */
  int streamSize() {
    return byteSize + byteSize / 1024 * 5 + 64;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    byte[] chunk = new byte[CHUNK_BYTES];
    ByteBuffer buffer = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    if (array instanceof double[] a) {
      out.writeByte('D');
      out.writeInt(a.length);
      for (int i = 0; i < a.length; i += CHUNK_BYTES / 8) {
        int n = Math.min(CHUNK_BYTES / 8, a.length - i);
        buffer.clear();
        buffer.asDoubleBuffer().put(a, i, n);
        out.write(chunk, 0, n * 8);
      }
    } else if (array instanceof long[] a) {
      out.writeByte('J');
      out.writeInt(a.length);
      for (int i = 0; i < a.length; i += CHUNK_BYTES / 8) {
        int n = Math.min(CHUNK_BYTES / 8, a.length - i);
        buffer.clear();
        buffer.asLongBuffer().put(a, i, n);
        out.write(chunk, 0, n * 8);
      }
    } else if (array instanceof int[] a) {
      out.writeByte('I');
      out.writeInt(a.length);
      for (int i = 0; i < a.length; i += CHUNK_BYTES / 4) {
        int n = Math.min(CHUNK_BYTES / 4, a.length - i);
        buffer.clear();
        buffer.asIntBuffer().put(a, i, n);
        out.write(chunk, 0, n * 4);
      }
    } else {
      float[] a = (float[]) array;
      out.writeByte('F');
      out.writeInt(a.length);
      for (int i = 0; i < a.length; i += CHUNK_BYTES / 4) {
        int n = Math.min(CHUNK_BYTES / 4, a.length - i);
        buffer.clear();
        buffer.asFloatBuffer().put(a, i, n);
        out.write(chunk, 0, n * 4);
      }
    }
  }

  private void readObject(ObjectInputStream in) throws IOException {
    byte kind = in.readByte();
    int length = in.readInt();
    checkLength(kind, length, JavaSerializer.bytesLeft(in));
    byte[] chunk = new byte[CHUNK_BYTES];
    ByteBuffer buffer = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    switch (kind) {
      case 'D' -> {
        double[] a = new double[length];
        for (int i = 0; i < length; i += CHUNK_BYTES / 8) {
          int n = Math.min(CHUNK_BYTES / 8, length - i);
          in.readFully(chunk, 0, n * 8);
          buffer.clear();
          buffer.asDoubleBuffer().get(a, i, n);
        }
        array = a;
      }
      case 'J' -> {
        long[] a = new long[length];
        for (int i = 0; i < length; i += CHUNK_BYTES / 8) {
          int n = Math.min(CHUNK_BYTES / 8, length - i);
          in.readFully(chunk, 0, n * 8);
          buffer.clear();
          buffer.asLongBuffer().get(a, i, n);
        }
        array = a;
      }
      case 'I' -> {
        int[] a = new int[length];
        for (int i = 0; i < length; i += CHUNK_BYTES / 4) {
          int n = Math.min(CHUNK_BYTES / 4, length - i);
          in.readFully(chunk, 0, n * 4);
          buffer.clear();
          buffer.asIntBuffer().get(a, i, n);
        }
        array = a;
      }
      case 'F' -> {
        float[] a = new float[length];
        for (int i = 0; i < length; i += CHUNK_BYTES / 4) {
          int n = Math.min(CHUNK_BYTES / 4, length - i);
          in.readFully(chunk, 0, n * 4);
          buffer.clear();
          buffer.asFloatBuffer().get(a, i, n);
        }
        array = a;
      }
      default -> throw new IOException("unknown large array kind " + kind);
    }
  }

  /**
   * Refuses a length the stream cannot hold before anything is allocated for it, so a crafted
   * frame never allocates more than its own size.
   *
   * @param bytesLeft what the stream still holds, or -1 when it is not a stream of ours
   */
  static void checkLength(byte kind, int length, long bytesLeft) throws InvalidObjectException {
    int elementBytes = switch (kind) {
      case 'D', 'J' -> 8;
      case 'I', 'F' -> 4;
      default -> throw new InvalidObjectException("unknown large array kind " + kind);
    };
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
