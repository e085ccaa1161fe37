package org.mirai4j.internal.transport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mirai4j.internal.protocol.FrameMac;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.protocol.Frames;
import org.mirai4j.internal.protocol.ProtocolException;

/**
 * Turns fuzz bytes into what an authenticated peer, or a man in the middle, sends after the
 * handshake: well-formed frames (MACed when the connection has integrity) mixed with raw bytes,
 * bit flips, replays and dropped frames, cut into reads at fuzz-chosen points. It also says what
 * the receiver must deliver: the frames sent before the first fault, in order, and nothing
 * after it when frames carry a MAC. A fuzz tool alone could not forge a MAC, so without this the
 * fuzzer would never get past the integrity check.
 *
 * <pre>
 *  byte 0: bit 0 = frame integrity (MACs)
 *  then ops, each chosen by one byte (low 3 bits):
 *   0, 6, 7  FRAME  type, id, n, n payload bytes: a well-formed frame
 *   1        RAW    n, n bytes as they are
 *   2        FLIP   position, bit: flips that bit of the next FRAME once encoded
 *   3        REPLAY the last frame's bytes again
 *   4        DROP   the next FRAME is encoded (its MAC counted) but never sent
 *   5        READ   ends a read: what was written so far arrives as one buffer
 * </pre>
 */
final class FrameScript {
  /** One frame the receiver must deliver. */
  record Expected(FrameType type, long id, byte[] payload) {}

  /** Buffers in the order they arrive. */
  final List<byte[]> reads = new ArrayList<>();
  /** Frames the receiver must deliver (all of them, heartbeats too). */
  final List<Expected> expected = new ArrayList<>();
  /** Whether every byte sent belongs to a well-formed frame, in order. */
  boolean clean = true;
  /** Whether a well-formed frame of an unknown type was sent before any fault: fatal. */
  boolean unknownType;

  private final byte[] data;
  private int pos = 1;

  private FrameScript(byte[] data) {
    this.data = data;
  }

  static boolean integrity(byte[] data) {
    return data.length > 0 && (data[0] & 1) != 0;
  }

  /**
   * @param mac the sender's MAC, null without integrity
   */
  static FrameScript run(byte[] data, FrameMac mac) {
    FrameScript script = new FrameScript(data);
    script.play(mac);
    return script;
  }

  private void play(FrameMac mac) {
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    byte[] last = null;
    byte lastType = 0;
    long lastId = 0;
    byte[] lastPayload = null;
    int flipAt = -1;
    int flipBit = 0;
    boolean drop = false;
    while (pos < data.length) {
      int op = next() & 7;
      switch (op) {
        case 1 -> {
          byte[] raw = take(next());
          pending.writeBytes(raw);
          clean &= raw.length == 0;
        }
        case 2 -> {
          flipAt = next();
          flipBit = next() & 7;
        }
        case 3 -> {
          if (last != null) {
            pending.writeBytes(last);
            // Without a MAC a replayed frame is just another frame.
            if (mac != null) {
              clean = false;
            } else {
              expect(lastType, lastId, lastPayload);
            }
          }
        }
        case 4 -> drop = true;
        case 5 -> flush(pending);
        default -> {
          byte type = (byte) next();
          long id = next();
          byte[] payload = take(next());
          byte[] frame = encode(type, id, payload, mac);
          if (drop) {
            drop = false;
            clean &= mac == null; // the next frame's MAC no longer matches
            continue;
          }
          if (flipAt >= 0) {
            frame[flipAt % frame.length] ^= (byte) (1 << flipBit);
            flipAt = -1;
            clean = false;
          }
          pending.writeBytes(frame);
          last = frame;
          lastType = type;
          lastId = id;
          lastPayload = payload;
          expect(type, id, payload);
        }
      }
    }
    flush(pending);
  }

  /** Notes a frame sent while the stream is still clean. */
  private void expect(byte code, long id, byte[] payload) {
    if (!clean || unknownType) {
      return;
    }
    try {
      expected.add(new Expected(FrameType.of(code), id, payload));
    } catch (ProtocolException e) {
      unknownType = true;
    }
  }

  static byte[] encode(byte type, long id, byte[] payload, FrameMac mac) {
    int length = Frames.HEADER_BYTES + payload.length + (mac == null ? 0 : FrameMac.OVERHEAD);
    ByteBuffer out = ByteBuffer.allocate(Frames.LENGTH_BYTES + length)
        .putInt(length).put(type).putLong(id);
    if (mac == null) {
      return out.put(payload).array();
    }
    out.put(mac.headerTag(length, type, id));
    mac.begin(length, type, id);
    mac.update(payload, 0, payload.length);
    return out.put(payload).put(mac.finish()).array();
  }

  private void flush(ByteArrayOutputStream pending) {
    if (pending.size() > 0) {
      reads.add(pending.toByteArray());
      pending.reset();
    }
  }

  private int next() {
    return pos < data.length ? data[pos++] & 0xff : 0;
  }

  private byte[] take(int n) {
    int end = Math.min(data.length, pos + n);
    byte[] out = Arrays.copyOfRange(data, pos, end);
    pos = end;
    return out;
  }
}
