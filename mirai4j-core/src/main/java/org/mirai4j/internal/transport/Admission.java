package org.mirai4j.internal.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages in front of the protocol that can turn a peer away before {@link HostHandler} sees
 * it: a peer that does not speak TLS to a TLS listener, a failed TLS handshake, a failed
 * WebSocket upgrade. Each such peer is logged and counted once as rejected ({@link
 * LinkEvents#rejected}); its channel closes and no other connection notices.
 */
final class Admission {
  private static final Logger log = LoggerFactory.getLogger(Admission.class);
  private static final AttributeKey<Boolean> REPORTED =
      AttributeKey.valueOf(Admission.class, "reported");

  /**
   * How long a TLS or WebSocket listener waits for a peer's first byte. A TLS client sends its
   * ClientHello, a WebSocket client its upgrade request, as soon as it is connected; a plain
   * mirai4j daemon sends nothing and waits for the HELLO.
   */
  static final long FIRST_BYTE_TIMEOUT_MS = 3_000;

  /**
   * A fatal TLS alert record (TLS 1.2 framing, unexpected_message), sent in the clear to a peer
   * that stayed silent: a plain daemon's dialer recognises it and says it dialed a TLS listener.
   */
  private static final byte[] TLS_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a};

  /** What a ws:// listener answers a peer that sends no upgrade request. */
  private static final byte[] HTTP_400 = ("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
      + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

  private Admission() {}

  /** Reports a peer as rejected once per channel and closes it. */
  static void reject(ChannelHandlerContext ctx, LinkEvents events, String reason) {
    report(ctx, events, reason);
    ctx.close();
  }

  /** Reports a peer as rejected, once per channel, and leaves closing it to the caller. */
  static void report(ChannelHandlerContext ctx, LinkEvents events, String reason) {
    Channel ch = ctx.channel();
    if (ch.attr(REPORTED).setIfAbsent(Boolean.TRUE) == null) {
      String peer = String.valueOf(ch.remoteAddress());
      log.warn("dropped peer {}: {}", peer, reason);
      events.rejected(peer, reason);
    }
  }

  /**
   * First in a TLS or WebSocket pipeline, where the peer speaks first: when it sends nothing
   * within {@link #FIRST_BYTE_TIMEOUT_MS}, tells it in the clear what this listener speaks (a
   * TLS alert, an HTTP 400) and drops it. A plain mirai4j daemon, which waits for the HELLO,
   * learns it dialed the wrong scheme at once. Removes itself at the first byte.
   */
  static final class PlainPeerProbe extends ChannelInboundHandlerAdapter {
    private final LinkEvents events;
    private final boolean tls;
    private ScheduledFuture<?> timeout;

    PlainPeerProbe(LinkEvents events, boolean tls) {
      this.events = events;
      this.tls = tls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      timeout = ctx.executor().schedule(() -> {
        if (ctx.channel().isActive()) {
          // Written from this stage, so it bypasses the SslHandler or HTTP codec behind it.
          ctx.writeAndFlush(Unpooled.wrappedBuffer(tls ? TLS_ALERT : HTTP_400));
          reject(ctx, events, tls
              ? "no TLS handshake within " + FIRST_BYTE_TIMEOUT_MS
                  + " ms (a plain tcp:// or ws:// daemon dialing a TLS listener?)"
              : "no WebSocket upgrade request within " + FIRST_BYTE_TIMEOUT_MS
                  + " ms (a tcp:// daemon dialing a ws:// listener?)");
        }
      }, FIRST_BYTE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      cancel();
      ctx.pipeline().remove(this);
      ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      cancel();
      ctx.fireChannelInactive();
    }

    private void cancel() {
      if (timeout != null) {
        timeout.cancel(false);
      }
    }
  }

  /**
   * Right behind the SslHandler: a failed TLS handshake (a plain peer, a daemon that does not
   * trust the certificate, a protocol mismatch) is one rejected peer, logged in one line.
   */
  static final class TlsGuard extends ChannelInboundHandlerAdapter {
    private final LinkEvents events;
    private boolean established;

    TlsGuard(LinkEvents events) {
      this.events = events;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent done) {
        if (done.isSuccess()) {
          established = true;
        } else {
          reject(ctx, events, "TLS handshake failed: " + describe(done.cause()));
        }
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (established) {
        ctx.fireExceptionCaught(cause);
        return;
      }
      reject(ctx, events, "TLS handshake failed: " + describe(cause));
    }

    private static String describe(Throwable cause) {
      Throwable t = cause instanceof DecoderException && cause.getCause() != null
          ? cause.getCause() : cause;
      if (t instanceof NotSslRecordException) {
        return "the peer does not speak TLS (a plain tcp:// or ws:// daemon?)";
      }
      if (t instanceof SSLException && t.getMessage() != null) {
        return t.getMessage();
      }
      return String.valueOf(t);
    }
  }
}
