package org.mirai4j.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import org.mirai4j.internal.protocol.FrameMac;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.protocol.Frames;

/**
 * Splits the byte stream into {@link HostFrame}s. The size limit is checked on the length
 * prefix, before anything is allocated; it is raised once the peer has authenticated. The
 * payload is copied once, straight from the read buffers into its array, however large it is;
 * with frame integrity on, the MAC is fed as the bytes arrive and the tag checked at the end.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private int limit = Frames.HANDSHAKE_LIMIT;
  private FrameMac mac;
  private FrameType type;
  private long id;
  private byte[] payload;
  private int filled;
  private boolean failed;

  /** The peer authenticated: raise the limit, and check every frame's MAC when one is given. */
  public void authenticated(int limit, FrameMac inbound) {
    this.limit = limit;
    this.mac = inbound;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (failed) {
      in.skipBytes(in.readableBytes()); // the connection is closing: nothing after a bad frame
      return;
    }
    try {
      decodeFrames(in, out);
    } catch (Exception e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  private void decodeFrames(ByteBuf in, List<Object> out) throws Exception {
    while (true) {
      if (payload == null) {
        int tagBytes = mac == null ? 0 : FrameMac.TAG_BYTES;
        if (in.readableBytes() < Frames.LENGTH_BYTES + Frames.HEADER_BYTES + tagBytes) {
          return;
        }
        int length = in.getInt(in.readerIndex());
        int overhead = Frames.HEADER_BYTES + (mac == null ? 0 : FrameMac.OVERHEAD);
        if (length < overhead || length > limit) {
          in.skipBytes(in.readableBytes());
          throw new TooLongFrameException(
              "frame of " + length + " bytes is outside " + overhead + ".." + limit);
        }
        in.skipBytes(Frames.LENGTH_BYTES);
        byte code = in.readByte();
        id = in.readLong();
        if (mac != null) {
          // The length is trusted, and allocated, only once its header tag checks out.
          byte[] headerTag = new byte[FrameMac.TAG_BYTES];
          in.readBytes(headerTag);
          if (!mac.verifyHeader(length, code, id, headerTag)) {
            in.skipBytes(in.readableBytes());
            throw new CorruptedFrameException("integrity check failed on a frame header:"
                + " injected, altered, replayed, reordered or dropped on the way");
          }
          mac.begin(length, code, id);
        }
        type = FrameType.of(code);
        payload = new byte[length - overhead];
        filled = 0;
      }
      int n = Math.min(in.readableBytes(), payload.length - filled);
      in.readBytes(payload, filled, n);
      if (mac != null) {
        mac.update(payload, filled, n);
      }
      filled += n;
      if (filled < payload.length) {
        return;
      }
      if (mac != null) {
        if (in.readableBytes() < FrameMac.TAG_BYTES) {
          return;
        }
        byte[] tag = new byte[FrameMac.TAG_BYTES];
        in.readBytes(tag);
        if (!mac.verify(tag)) {
          in.skipBytes(in.readableBytes());
          throw new CorruptedFrameException("integrity check failed on a " + type
              + " frame: injected, altered, replayed, reordered or dropped on the way");
        }
      }
      out.add(new HostFrame(type, id, payload));
      payload = null;
    }
  }
}
