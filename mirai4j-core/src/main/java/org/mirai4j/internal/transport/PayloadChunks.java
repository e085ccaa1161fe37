package org.mirai4j.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import org.mirai4j.internal.protocol.FrameMac;

/**
 * A large frame payload written in pieces as the socket drains ({@code ChunkedWriteHandler}),
 * each copied straight from the array into a pooled direct buffer and fed to the frame's MAC on
 * the way, the frame tag after the last piece. Handing Netty the whole array instead makes it
 * copy it into a fresh direct buffer of the payload's size (80 MB: 20,000 page faults per send)
 * and the MAC of the whole payload is computed before the first byte leaves; in pieces, the
 * peer reads and checks one piece while the next is tagged.
 */
final class PayloadChunks implements ChunkedInput<ByteBuf> {
  /** Bytes per piece: a few socket-buffer refills, small enough to stay in Netty's pool. */
  static final int CHUNK = 1 << 20;

  private final byte[] array;
  private final int length;
  private final FrameMac.Deferred mac;
  private int offset;
  private boolean tagged;

  /** The payload {@code array[0, length)}, tagged by {@code mac} when not null. */
  PayloadChunks(byte[] array, int length, FrameMac.Deferred mac) {
    this.array = array;
    this.length = length;
    this.mac = mac;
    this.tagged = mac == null;
  }

  @Override
  public boolean isEndOfInput() {
    return offset == length && tagged;
  }

  @Override
  public void close() {
    // nothing held: the array is the caller's
  }

  @Deprecated
  @Override
  public ByteBuf readChunk(ChannelHandlerContext ctx) {
    return readChunk(ctx.alloc());
  }

  @Override
  public ByteBuf readChunk(ByteBufAllocator allocator) {
    if (isEndOfInput()) {
      return null;
    }
    int n = Math.min(CHUNK, length - offset);
    boolean last = offset + n == length;
    ByteBuf piece = allocator.directBuffer(n + (last && mac != null ? FrameMac.TAG_BYTES : 0));
    piece.writeBytes(array, offset, n);
    if (mac != null) {
      mac.update(array, offset, n);
      if (last) {
        piece.writeBytes(mac.finish());
        tagged = true;
      }
    }
    offset += n;
    return piece;
  }

  @Override
  public long length() {
    return length + (mac == null ? 0 : FrameMac.TAG_BYTES);
  }

  @Override
  public long progress() {
    return offset + (tagged && mac != null ? FrameMac.TAG_BYTES : 0);
  }
}
