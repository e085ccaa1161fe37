package org.mirai4j.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.mirai4j.internal.protocol.DaemonHandshake;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.protocol.Frames;
import org.mirai4j.internal.protocol.HostHandshake;
import org.mirai4j.internal.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's end of one connection: greets, checks the daemon's proof, then passes frames to
 * the dispatcher, and keeps the heartbeat. A peer that fails the handshake, stays silent, or
 * sends garbage is logged, counted as rejected and dropped; it never reaches the dispatcher. An
 * authenticated daemon silent for {@link #MISSED_HEARTBEATS} intervals is dropped like one whose
 * connection broke.
 */
final class HostHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(HostHandler.class);
  private static final long HANDSHAKE_TIMEOUT_S = 10;
  /** Intervals of silence after which a peer counts as gone. */
  static final int MISSED_HEARTBEATS = 3;

  private final LinkEvents events;
  private final FrameDecoder decoder;
  private final HostHandshake handshake;
  private final int heartbeatMillis;
  private final int frameLimit;
  private DaemonLink link;
  private ScheduledFuture<?> handshakeTimeout;
  private boolean rejected;

  /**
   * @param integrity whether frames after the handshake carry a MAC (tcp://, ws://)
   * @param heartbeatMillis the heartbeat interval, 0 for none
   * @param frameLimit the largest frame accepted once the daemon has authenticated
   */
  HostHandler(byte[] secret, boolean integrity, int heartbeatMillis, int frameLimit,
      LinkEvents events, FrameDecoder decoder) {
    this.handshake = new HostHandshake(secret, integrity);
    this.heartbeatMillis = heartbeatMillis;
    this.frameLimit = frameLimit;
    this.events = events;
    this.decoder = decoder;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ByteBuf hello = ctx.alloc().buffer();
    byte[] payload = handshake.hello();
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
      if (frame.type() != FrameType.HEARTBEAT) { // a heartbeat's arrival is all it says
        events.frame(link, frame);
      }
      return;
    }
    if (rejected) {
      return;
    }
    if (frame.type() != FrameType.AUTH) {
      reject(ctx, "expected AUTH, got " + frame.type());
      return;
    }
    byte[] config = events.welcomeConfig();
    HostHandshake.Accepted accepted;
    try {
      accepted = handshake.accept(frame.payload(), heartbeatMillis,
          Arrays.copyOf(config, DaemonHandshake.STREAM_BYTES),
          config.length > DaemonHandshake.STREAM_BYTES);
    } catch (ProtocolException e) {
      reject(ctx, e.getMessage());
      return;
    }
    handshakeTimeout.cancel(false);
    link = new DaemonLink(ctx.channel(), accepted.dispatcher(), accepted.pid(),
        accepted.hostName(), accepted.labels());
    link.send(FrameType.WELCOME, 0, accepted.welcome(), accepted.welcome().length);
    link.startMac(accepted.outbound());
    decoder.authenticated(frameLimit, accepted.inbound());
    if (config.length > DaemonHandshake.STREAM_BYTES) {
      byte[] rest = Arrays.copyOfRange(config, DaemonHandshake.STREAM_BYTES, config.length);
      link.send(FrameType.CONFIG, 0, rest, rest.length);
    }
    if (heartbeatMillis > 0) {
      // Before the frame decoder: any bytes arriving, even the middle of a large frame, count.
      ctx.pipeline().addBefore("frames", "heartbeat", new IdleStateHandler(
          (long) MISSED_HEARTBEATS * heartbeatMillis, heartbeatMillis, 0, TimeUnit.MILLISECONDS));
    }
    log.debug("{} authenticated", link);
    events.connected(link);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent idle && link != null) {
      if (idle.state() == IdleState.WRITER_IDLE) {
        link.send(FrameType.HEARTBEAT, 0);
      } else if (idle.state() == IdleState.READER_IDLE) {
        log.warn("{} silent for {} ms ({} heartbeats): dropping it", link,
            (long) MISSED_HEARTBEATS * heartbeatMillis, MISSED_HEARTBEATS);
        ctx.close();
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  private void reject(ChannelHandlerContext ctx, String reason) {
    if (rejected || link != null) {
      return;
    }
    rejected = true;
    Admission.reject(ctx, events, reason);
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
        ? String.valueOf(cause.getCause().getMessage()) : String.valueOf(cause.getMessage());
    if (link == null) {
      reject(ctx, reason);
    } else if (cause instanceof java.io.IOException
        && !(cause instanceof org.mirai4j.internal.protocol.ProtocolException)) {
      // The peer's socket went away (a daemon killed, a machine gone): expected, not a breach.
      log.debug("{} lost its connection: {}", link, reason);
      ctx.close();
    } else {
      log.warn("{} broke the protocol, closing it: {}", link, reason);
      ctx.close();
    }
  }
}
