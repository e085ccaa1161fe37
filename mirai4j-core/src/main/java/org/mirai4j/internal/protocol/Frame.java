package org.mirai4j.internal.protocol;

import java.nio.ByteBuffer;

/**
 * One frame as read by a blocking reader.
 *
 * @param type the frame type
 * @param id the task id (0 where the type has none)
 * @param payload the payload
 */
public record Frame(FrameType type, long id, byte[] payload) {
  /** The payload as a buffer to read fields from. */
  public ByteBuffer buffer() {
    return ByteBuffer.wrap(payload);
  }
}
