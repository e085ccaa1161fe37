package org.mirai4j.internal.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;
import org.mirai4j.internal.protocol.Frame;
import org.mirai4j.internal.protocol.FrameMac;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.protocol.Frames;
import org.mirai4j.internal.protocol.ProtocolException;

/**
 * A daemon's connection to its host over blocking streams. One thread may read while another
 * writes; writes are serialized. After the handshake, frames may carry a MAC each way ({@link
 * #authenticated}); the time bytes last arrived is kept for the heartbeat.
 */
public final class BlockingConnection implements Closeable {
  /** Payload bytes MACed and written, or read and MACed, at a time: hashing overlaps the I/O. */
  private static final int CHUNK = 1 << 20;

  private final DataInputStream in;
  private final OutputStream out;
  private final Closeable resource;
  private final String peer;
  private final byte[] header = new byte[Frames.LENGTH_BYTES + Frames.HEADER_BYTES];
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile int limit = Frames.HANDSHAKE_LIMIT;
  private volatile long lastReadNanos = System.nanoTime();
  private FrameMac inMac; // reader's
  private FrameMac outMac; // guarded by writeLock

  public BlockingConnection(InputStream in, OutputStream out, Closeable resource, String peer) {
    // Buffered: a frame header is read in one system call, not one per field.
    this.in = new DataInputStream(new BufferedInputStream(new Activity(in), 64 * 1024));
    this.out = new BufferedOutputStream(out, 64 * 1024);
    this.resource = resource;
    this.peer = peer;
  }

  /**
   * The host proved the secret: raise the frame size limit and, when MACs are given, check
   * every frame read and tag every frame written from now on.
   */
  public void authenticated(int limit, FrameMac inbound, FrameMac outbound) {
    this.limit = limit;
    this.inMac = inbound;
    writeLock.lock();
    try {
      this.outMac = outbound;
    } finally {
      writeLock.unlock();
    }
  }

  /** When bytes from the host last arrived ({@link System#nanoTime()}). */
  public long lastReadNanos() {
    return lastReadNanos;
  }

  /**
   * Reads one frame.
   *
   * @throws EOFException when the host closed the connection
   * @throws ProtocolException for a frame over the limit, of an unknown type, or failing its
   *     integrity check
   */
  public Frame read() throws IOException {
    int length = in.readInt();
    FrameMac mac = inMac;
    int overhead = Frames.HEADER_BYTES + (mac == null ? 0 : FrameMac.OVERHEAD);
    if (length < overhead || length > limit) {
      throw new ProtocolException(
          "frame of " + length + " bytes from " + peer + " is outside " + overhead + ".." + limit);
    }
    byte code = in.readByte();
    long id = in.readLong();
    if (mac != null) {
      // The length is trusted, and allocated, only once its header tag checks out.
      byte[] headerTag = new byte[FrameMac.TAG_BYTES];
      in.readFully(headerTag);
      if (!mac.verifyHeader(length, code, id, headerTag)) {
        throw new ProtocolException("integrity check failed on a frame header from " + peer
            + ": injected, altered, replayed, reordered or dropped on the way");
      }
    }
    FrameType type = FrameType.of(code);
    byte[] payload = new byte[length - overhead];
    if (mac == null) {
      in.readFully(payload);
      return new Frame(type, id, payload);
    }
    mac.begin(length, code, id);
    for (int off = 0; off < payload.length; ) {
      int n = Math.min(CHUNK, payload.length - off);
      in.readFully(payload, off, n);
      mac.update(payload, off, n);
      off += n;
    }
    byte[] tag = new byte[FrameMac.TAG_BYTES];
    in.readFully(tag);
    if (!mac.verify(tag)) {
      throw new ProtocolException("integrity check failed on a " + type + " frame from " + peer
          + ": injected, altered, replayed, reordered or dropped on the way");
    }
    return new Frame(type, id, payload);
  }

  /** Writes one frame and flushes it. */
  public void write(FrameType type, long id, byte[] payload, int payloadLength)
      throws IOException {
    writeLock.lock();
    try {
      writeLocked(type, id, payload, payloadLength);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Writes a frame without payload unless another write is under way (which shows the host
   * this daemon is alive just as well).
   *
   * @return whether it was written
   */
  public boolean tryWrite(FrameType type) throws IOException {
    if (!writeLock.tryLock()) {
      return false;
    }
    try {
      writeLocked(type, 0, header, 0);
      return true;
    } finally {
      writeLock.unlock();
    }
  }

  private void writeLocked(FrameType type, long id, byte[] payload, int payloadLength)
      throws IOException {
    FrameMac mac = outMac;
    int length = Frames.HEADER_BYTES + payloadLength + (mac == null ? 0 : FrameMac.OVERHEAD);
    header[0] = (byte) (length >>> 24);
    header[1] = (byte) (length >>> 16);
    header[2] = (byte) (length >>> 8);
    header[3] = (byte) length;
    header[4] = type.code();
    for (int i = 0; i < 8; i++) {
      header[5 + i] = (byte) (id >>> (56 - 8 * i));
    }
    out.write(header);
    if (mac != null) {
      out.write(mac.headerTag(length, type.code(), id));
    }
    if (mac == null) {
      out.write(payload, 0, payloadLength);
    } else {
      mac.begin(length, type.code(), id);
      for (int off = 0; off < payloadLength; ) {
        int n = Math.min(CHUNK, payloadLength - off);
        mac.update(payload, off, n);
        out.write(payload, off, n);
        off += n;
      }
      out.write(mac.finish());
    }
    out.flush();
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

  /** Notes the time whenever bytes arrive. */
  private final class Activity extends FilterInputStream {
    Activity(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        lastReadNanos = System.nanoTime();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        lastReadNanos = System.nanoTime();
      }
      return n;
    }
  }
}
