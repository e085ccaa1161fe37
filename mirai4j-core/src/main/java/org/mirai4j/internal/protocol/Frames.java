package org.mirai4j.internal.protocol;

/** Frame layout constants shared by both ends. */
public final class Frames {
  /** Bytes of the length prefix. */
  public static final int LENGTH_BYTES = 4;
  /** Bytes after the length prefix that precede the payload: type and id. */
  public static final int HEADER_BYTES = 1 + 8;
  /** Largest frame either side accepts before the peer has authenticated. */
  public static final int HANDSHAKE_LIMIT = 1024;
  /** Default largest frame after the handshake (what a Java array can hold). */
  public static final int DEFAULT_LIMIT = Integer.MAX_VALUE - 64;

  private Frames() {}
}
