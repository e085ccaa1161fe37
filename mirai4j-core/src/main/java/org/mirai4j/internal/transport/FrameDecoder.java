package org.mirai4j.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.protocol.Frames;

/**
 * Splits the byte stream into {@link HostFrame}s. The size limit is checked on the length
 * prefix, before anything is allocated, and can be raised once the peer has authenticated. The
 * payload is copied once, straight from the read buffers into its array, however large it is.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private int limit = Frames.HANDSHAKE_LIMIT;
  private FrameType type;
  private long id;
  private byte[] payload;
  private int filled;

  /** Raises the limit (after authentication). */
  public void setLimit(int limit) {
    this.limit = limit;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    while (true) {
      if (payload == null) {
        if (in.readableBytes() < Frames.LENGTH_BYTES + Frames.HEADER_BYTES) {
          return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < Frames.HEADER_BYTES || length > limit) {
          in.skipBytes(in.readableBytes());
          throw new TooLongFrameException(
              "frame of " + length + " bytes is outside " + Frames.HEADER_BYTES + ".." + limit);
        }
        in.skipBytes(Frames.LENGTH_BYTES);
        type = FrameType.of(in.readByte());
        id = in.readLong();
        payload = new byte[length - Frames.HEADER_BYTES];
        filled = 0;
      }
      int n = Math.min(in.readableBytes(), payload.length - filled);
      in.readBytes(payload, filled, n);
      filled += n;
      if (filled < payload.length) {
        return;
      }
      out.add(new HostFrame(type, id, payload));
      payload = null;
    }
  }
}
