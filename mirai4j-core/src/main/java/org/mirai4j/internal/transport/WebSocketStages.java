package org.mirai4j.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * The host's WebSocket stages for ws:// and wss://, between Netty's WebSocket protocol handler
 * and the {@link FrameDecoder}: the byte stream of mirai frames travels as the payloads of
 * binary WebSocket frames, in any split (a mirai frame may span several WebSocket frames, and
 * one WebSocket frame may hold several mirai frames), so the FrameDecoder reassembles it as it
 * does for tcp.
 */
final class WebSocketStages {
  private WebSocketStages() {}

  /**
   * Inbound: passes the payload of binary (and continuation) frames on as bytes; a text frame
   * breaks the protocol, an HTTP request for another path gets 404 and is rejected.
   */
  static final class Unwrap extends ChannelInboundHandlerAdapter {
    private final LinkEvents events;

    Unwrap(LinkEvents events) {
      this.events = events;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
        ByteBuf content = ((WebSocketFrame) msg).content();
        if (content.isReadable()) {
          ctx.fireChannelRead(content);
        } else {
          content.release();
        }
        return;
      }
      try {
        if (msg instanceof FullHttpRequest request) {
          DefaultFullHttpResponse notFound = new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
          notFound.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
          ctx.writeAndFlush(notFound).addListener(ChannelFutureListener.CLOSE);
          Admission.report(ctx, events, "HTTP request for " + request.uri()
              + ", not the WebSocket path");
        } else if (msg instanceof WebSocketFrame) {
          ctx.fireExceptionCaught(new IllegalStateException(
              "unexpected " + msg.getClass().getSimpleName() + ": mirai4j sends binary frames"));
        } else {
          ctx.fireExceptionCaught(new IllegalStateException(
              "unexpected message " + msg.getClass().getSimpleName()));
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  /** Outbound: each buffer written becomes one binary WebSocket frame. */
  static final class Wrap extends MessageToMessageEncoder<ByteBuf> {
    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
      out.add(new BinaryWebSocketFrame(msg.retain()));
    }
  }

  /**
   * Holds back {@code channelActive} from the protocol stages until the WebSocket upgrade is
   * done, so that the HELLO goes out as a WebSocket frame; a peer that fails the upgrade (times
   * out, sends a bad request, leaves) is rejected here, before the protocol stages see it.
   */
  static final class AwaitUpgrade extends ChannelInboundHandlerAdapter {
    private final LinkEvents events;
    private boolean upgraded;

    AwaitUpgrade(LinkEvents events) {
      this.events = events;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      // held back until the upgrade
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        upgraded = true;
        ctx.fireChannelActive();
        return;
      }
      if (evt == WebSocketServerProtocolHandler.ServerHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        Admission.reject(ctx, events, "no WebSocket upgrade within the timeout");
        return;
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (upgraded) {
        ctx.fireExceptionCaught(cause);
      } else {
        Admission.reject(ctx, events, "WebSocket upgrade failed: " + cause.getMessage());
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (upgraded) {
        ctx.fireChannelInactive();
      } else {
        Admission.reject(ctx, events, "closed before the WebSocket upgrade completed");
      }
    }
  }
}
