package org.mirai4j.internal.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.mirai4j.internal.protocol.Frame;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.protocol.Frames;
import org.mirai4j.internal.protocol.ProtocolException;

/**
 * A daemon's connection to its host over blocking streams. One thread may read while another
 * writes; writes are serialized.
 */
public final class BlockingConnection implements Closeable {
  private final DataInputStream in;
  private final OutputStream out;
  private final Closeable resource;
  private final String peer;
  private final byte[] header = new byte[Frames.LENGTH_BYTES + Frames.HEADER_BYTES];
  private volatile int limit = Frames.HANDSHAKE_LIMIT;

  public BlockingConnection(InputStream in, OutputStream out, Closeable resource, String peer) {
    // Buffered: a frame header is read in one system call, not one per field.
    this.in = new DataInputStream(new BufferedInputStream(in, 64 * 1024));
    this.out = new BufferedOutputStream(out, 64 * 1024);
    this.resource = resource;
    this.peer = peer;
  }

  /** Raises the frame size limit once the peer has authenticated. */
  public void setLimit(int limit) {
    this.limit = limit;
  }

  /**
   * Reads one frame.
   *
   * @throws EOFException when the host closed the connection
   * @throws ProtocolException for a frame over the limit or of an unknown type
   */
  public Frame read() throws IOException {
    int length = in.readInt();
    if (length < Frames.HEADER_BYTES || length > limit) {
      throw new ProtocolException(
          "frame of " + length + " bytes from " + peer + " is outside 9.." + limit);
    }
    FrameType type = FrameType.of(in.readByte());
    long id = in.readLong();
    byte[] payload = new byte[length - Frames.HEADER_BYTES];
    in.readFully(payload);
    return new Frame(type, id, payload);
  }

  /** Writes one frame and flushes it. */
  public void write(FrameType type, long id, byte[] payload, int payloadLength)
      throws IOException {
    synchronized (header) {
      int length = Frames.HEADER_BYTES + payloadLength;
      header[0] = (byte) (length >>> 24);
      header[1] = (byte) (length >>> 16);
      header[2] = (byte) (length >>> 8);
      header[3] = (byte) length;
      header[4] = type.code();
      for (int i = 0; i < 8; i++) {
        header[5 + i] = (byte) (id >>> (56 - 8 * i));
      }
      out.write(header);
      out.write(payload, 0, payloadLength);
      out.flush();
    }
  }

  /** Writes a frame with a whole array as payload. */
  public void write(FrameType type, long id, byte[] payload) throws IOException {
    write(type, id, payload, payload.length);
  }

  @Override
  public void close() {
    try {
      resource.close();
    } catch (IOException ignored) {
      // closing is best effort: the peer may have gone already
    }
  }
}
