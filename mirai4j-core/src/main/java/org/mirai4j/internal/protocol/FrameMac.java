package org.mirai4j.internal.protocol;

import java.security.MessageDigest;
import javax.crypto.Mac;

/**
 * The MAC of one direction of a connection, for transports without TLS (tcp://, ws://): every
 * frame after the handshake carries two tags of {@link #TAG_BYTES} bytes, each a truncated
 * HMAC-SHA256 under that direction's key. The header tag, right after the header, covers the
 * frame's sequence number and header (length, type, id), so a receiver checks a length before
 * it allocates anything for it; the frame tag, at the end, covers the sequence number, header
 * and payload. The receiver expects the next number, so a frame injected, altered, replayed,
 * reordered or dropped fails a check and the connection is closed.
 *
 * <pre>
 *  length | type | id | header tag (16) | payload | frame tag (16)
 *  header tag = HMAC(key, "H" | seq | length | type | id)[0..16)
 *  frame tag  = HMAC(key, "F" | seq | length | type | id | payload)[0..16)
 * </pre>
 *
 * <p>Not thread-safe: a sender MACs frames in the order it writes them, a receiver in the
 * order it reads them. A payload may be fed in pieces as it is written or read.
 */
public final class FrameMac {
  /** Bytes of each tag. */
  public static final int TAG_BYTES = 16;
  /** Bytes the two tags add to a frame. */
  public static final int OVERHEAD = 2 * TAG_BYTES;

  private static final byte HEADER = 'H';
  private static final byte FRAME = 'F';

  private final Mac mac;
  private final byte[] key;
  private final byte[] scratch = new byte[1 + 8 + Frames.LENGTH_BYTES + Frames.HEADER_BYTES];
  private long sequence;

  FrameMac(byte[] key) {
    this.mac = Handshake.newMac(key);
    this.key = key.clone();
  }

  /** The header tag of the next frame. */
  public byte[] headerTag(int length, byte type, long id) {
    feed(HEADER, length, type, id);
    return tag();
  }

  /** Checks the header tag of the next frame, in constant time, before its payload is read. */
  public boolean verifyHeader(int length, byte type, long id, byte[] tag) {
    return MessageDigest.isEqual(headerTag(length, type, id), tag);
  }

  /** Starts the next frame's tag: its length prefix (tags included), type and id. */
  public void begin(int length, byte type, long id) {
    feed(FRAME, length, type, id);
  }

  /** Feeds payload bytes. */
  public void update(byte[] bytes, int offset, int length) {
    mac.update(bytes, offset, length);
  }

  /** Ends the frame, returns its tag, and moves on to the next sequence number. */
  public byte[] finish() {
    sequence++;
    return tag();
  }

  /** Ends the frame and checks the tag that came with it, in constant time. */
  public boolean verify(byte[] tag) {
    return MessageDigest.isEqual(finish(), tag);
  }

  /**
   * Takes the next sequence number for a frame whose payload is tagged later, as it is written
   * piece by piece, while the frames after it are tagged at once (a sender that queues writes in
   * order). The header tag is computed now.
   */
  public Deferred defer(int length, byte type, long id) {
    byte[] headerTag = headerTag(length, type, id);
    FrameMac own = new FrameMac(key);
    own.sequence = sequence;
    own.begin(length, type, id);
    sequence++;
    return new Deferred(own, headerTag);
  }

  /** One frame's tag, fed later and apart from the frames after it (from {@link #defer}). */
  public static final class Deferred {
    private final FrameMac mac;
    private final byte[] headerTag;

    private Deferred(FrameMac mac, byte[] headerTag) {
      this.mac = mac;
      this.headerTag = headerTag;
    }

    /** The frame's header tag. */
    public byte[] headerTag() {
      return headerTag;
    }

    /** Feeds payload bytes, in order. */
    public void update(byte[] bytes, int offset, int length) {
      mac.update(bytes, offset, length);
    }

    /** The frame tag, once every payload byte was fed. */
    public byte[] finish() {
      return mac.finish();
    }
  }

  private void feed(byte marker, int length, byte type, long id) {
    long seq = sequence;
    int i = 0;
    scratch[i++] = marker;
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

  private byte[] tag() {
    byte[] full = mac.doFinal();
    byte[] tag = new byte[TAG_BYTES];
    System.arraycopy(full, 0, tag, 0, TAG_BYTES);
    return tag;
  }
}
