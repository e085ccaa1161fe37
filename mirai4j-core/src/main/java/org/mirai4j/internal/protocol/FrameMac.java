package org.mirai4j.internal.protocol;

import java.security.MessageDigest;
import javax.crypto.Mac;

/**
 * The MAC of one direction of a connection, for transports without TLS (tcp://, ws://): every
 * frame after the handshake ends with a tag of {@link #TAG_BYTES} bytes, the truncated
 * HMAC-SHA256, under that direction's key, of the frame's sequence number, its header (length,
 * type, id) and its payload. The receiver expects the next number, so a frame injected,
 * altered, replayed, reordered or dropped fails the check and the connection is closed.
 *
 * <p>Not thread-safe: a sender MACs frames in the order it writes them, a receiver in the
 * order it reads them. A payload may be fed in pieces as it is written or read.
 */
public final class FrameMac {
  /** Bytes of the tag that ends each frame. */
  public static final int TAG_BYTES = 16;

  private final Mac mac;
  private final byte[] scratch = new byte[8 + Frames.LENGTH_BYTES + Frames.HEADER_BYTES];
  private long sequence;

  FrameMac(byte[] key) {
    this.mac = Handshake.newMac(key);
  }

  /** Starts the next frame: its length prefix (tag included), type and id. */
  public void begin(int length, byte type, long id) {
    long seq = sequence++;
    int i = 0;
    for (int s = 56; s >= 0; s -= 8) {
      scratch[i++] = (byte) (seq >>> s);
    }
    for (int s = 24; s >= 0; s -= 8) {
      scratch[i++] = (byte) (length >>> s);
    }
    scratch[i++] = type;
    for (int s = 56; s >= 0; s -= 8) {
      scratch[i++] = (byte) (id >>> s);
    }
    mac.update(scratch);
  }

  /** Feeds payload bytes. */
  public void update(byte[] bytes, int offset, int length) {
    mac.update(bytes, offset, length);
  }

  /** Feeds payload bytes. */
  public void update(java.nio.ByteBuffer bytes) {
    mac.update(bytes);
  }

  /** Ends the frame and returns its tag. */
  public byte[] finish() {
    byte[] full = mac.doFinal();
    byte[] tag = new byte[TAG_BYTES];
    System.arraycopy(full, 0, tag, 0, TAG_BYTES);
    return tag;
  }

  /** Ends the frame and checks the tag that came with it, in constant time. */
  public boolean verify(byte[] tag) {
    return MessageDigest.isEqual(finish(), tag);
  }
}
