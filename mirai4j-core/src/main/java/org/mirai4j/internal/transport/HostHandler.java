package org.mirai4j.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.protocol.Frames;
import org.mirai4j.internal.protocol.Handshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's end of one connection: greets, checks the daemon's proof, then passes frames to
 * the dispatcher. A peer that fails the handshake, stays silent, or sends garbage is logged,
 * counted as rejected and dropped; it never reaches the dispatcher.
 */
final class HostHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(HostHandler.class);
  private static final long HANDSHAKE_TIMEOUT_S = 10;

  private final byte[] secret;
  private final LinkEvents events;
  private final FrameDecoder decoder;
  private final byte[] hostNonce = Handshake.nonce();
  private DaemonLink link;
  private ScheduledFuture<?> handshakeTimeout;
  private boolean rejected;

  HostHandler(byte[] secret, LinkEvents events, FrameDecoder decoder) {
    this.secret = secret;
    this.events = events;
    this.decoder = decoder;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ByteBuf hello = ctx.alloc().buffer();
    byte[] payload = Handshake.hello(hostNonce);
    hello.writeInt(Frames.HEADER_BYTES + payload.length)
        .writeByte(FrameType.HELLO.code())
        .writeLong(0)
        .writeBytes(payload);
    ctx.writeAndFlush(hello);
    handshakeTimeout = ctx.executor().schedule(
        () -> reject(ctx, "no handshake within " + HANDSHAKE_TIMEOUT_S + " s"),
        HANDSHAKE_TIMEOUT_S, TimeUnit.SECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    HostFrame frame = (HostFrame) msg;
    if (link != null) {
      events.frame(link, frame);
      return;
    }
    if (rejected) {
      return;
    }
    if (frame.type() != FrameType.AUTH) {
      reject(ctx, "expected AUTH, got " + frame.type());
      return;
    }
    ByteBuffer payload = ByteBuffer.wrap(frame.payload());
    if (payload.remaining() != Handshake.AUTH_BYTES) {
      reject(ctx, "malformed AUTH of " + payload.remaining() + " bytes");
      return;
    }
    byte version = payload.get();
    if (version != Handshake.VERSION) {
      reject(ctx, "protocol version mismatch: daemon speaks v" + version
          + ", this host v" + Handshake.VERSION);
      return;
    }
    byte flags = payload.get();
    byte[] daemonNonce = new byte[Handshake.NONCE_BYTES];
    payload.get(daemonNonce);
    byte[] proof = new byte[Handshake.PROOF_BYTES];
    payload.get(proof);
    if (!Handshake.verify(Handshake.daemonProof(secret, hostNonce, daemonNonce), proof)) {
      reject(ctx, "wrong secret");
      return;
    }
    long pid = payload.getLong();
    handshakeTimeout.cancel(false);
    decoder.setLimit(Frames.DEFAULT_LIMIT);
    link = new DaemonLink(ctx.channel(), (flags & Handshake.FLAG_DISPATCHER) != 0, pid);
    byte[] config = events.welcomeConfig();
    byte[] welcome = new byte[Handshake.PROOF_BYTES + config.length];
    System.arraycopy(Handshake.hostProof(secret, daemonNonce, hostNonce), 0, welcome, 0,
        Handshake.PROOF_BYTES);
    System.arraycopy(config, 0, welcome, Handshake.PROOF_BYTES, config.length);
    link.send(FrameType.WELCOME, 0, welcome, welcome.length);
    log.debug("{} authenticated", link);
    events.connected(link);
  }

  private void reject(ChannelHandlerContext ctx, String reason) {
    if (rejected || link != null) {
      return;
    }
    rejected = true;
    String peer = String.valueOf(ctx.channel().remoteAddress());
    log.warn("dropped peer {}: {}", peer, reason);
    events.rejected(peer, reason);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (handshakeTimeout != null) {
      handshakeTimeout.cancel(false);
    }
    if (link != null) {
      log.debug("{} disconnected", link);
      events.disconnected(link);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (link != null && ctx.channel().isWritable()) {
      events.writable(link);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    String reason = cause instanceof DecoderException && cause.getCause() != null
        ? cause.getCause().getMessage() : cause.getMessage();
    if (link == null) {
      reject(ctx, reason);
    } else {
      log.warn("{} broke the protocol, closing it: {}", link, reason);
      ctx.close();
    }
  }
}
