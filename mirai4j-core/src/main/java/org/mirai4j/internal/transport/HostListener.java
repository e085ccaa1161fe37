package org.mirai4j.internal.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.mirai4j.internal.protocol.Frames;

/**
 * The host's listening socket for one profile, on the profile's event loop. Builds each
 * connection's pipeline in {@link #pipeline}.
 */
public final class HostListener implements AutoCloseable {
  private final Channel serverChannel;
  private final MiraiUrl url;

  private HostListener(Channel serverChannel, MiraiUrl url) {
    this.serverChannel = serverChannel;
    this.url = url;
  }

  /** Largest HTTP upgrade request accepted on ws:// and wss://. */
  private static final int MAX_UPGRADE_REQUEST = 8 * 1024;
  /** How long a ws:// or wss:// peer may take to complete the upgrade. */
  private static final long UPGRADE_TIMEOUT_MS = 10_000;

  /**
   * Binds the URL.
   *
   * @param ssl the server context for tls+tcp:// and wss:// (ignored for other schemes)
   * @param heartbeatMillis the heartbeat interval daemons are told to keep, 0 for none
   * @throws IllegalArgumentException for a TLS URL without a context
   * @throws UncheckedIOException when the address is in use or cannot be bound, naming it
   */
  public static HostListener bind(
      MiraiUrl url, EventLoopGroup group, byte[] secret, LinkEvents events, SslContext ssl,
      int heartbeatMillis) {
    if (url.scheme().tls() && ssl == null) {
      throw new IllegalArgumentException(url.scheme().text() + ":// needs a TLS server context");
    }
    SslContext tls = url.scheme().tls() ? ssl : null;
    ServerBootstrap bootstrap = new ServerBootstrap().group(group);
    if (url.isIpc()) {
      bootstrap.channel(NioServerDomainSocketChannel.class);
    } else {
      bootstrap.channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true);
    }
    // Results can be large: let one read take up to 1 MiB instead of Netty's 64 KiB, so a big
    // frame costs a few hundred reads, not thousands; small frames keep small buffers.
    bootstrap.childOption(ChannelOption.RCVBUF_ALLOCATOR,
        new AdaptiveRecvByteBufAllocator(64, 2048, 1 << 20));
    bootstrap.childHandler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        pipeline(ch, url, secret, events, tls, heartbeatMillis);
      }
    });
    try {
      if (url.isIpc()) {
        // A stale socket file from a crashed host would make the bind fail.
        Files.deleteIfExists(Path.of(url.path()));
      }
      Channel channel = bootstrap.bind(url.socketAddress()).sync().channel();
      if (url.isIpc()) {
        ownerOnly(Path.of(url.path()));
      }
      MiraiUrl bound = url.isIpc()
          ? url
          : url.withPort(((InetSocketAddress) channel.localAddress()).getPort());
      return new HostListener(channel, bound);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding " + url, e);
    } catch (Exception e) {
      String why = e instanceof BindException
          ? "address already in use or not available"
          : String.valueOf(e.getMessage());
      throw new UncheckedIOException(
          new IOException("cannot listen at " + url + ": " + why, e));
    }
  }

  /** One connection's pipeline, stage by stage (package-private: fuzzed on EmbeddedChannel). */
  static void pipeline(
      Channel ch, MiraiUrl url, byte[] secret, LinkEvents events, SslContext tls,
      int heartbeatMillis) {
    ChannelPipeline p = ch.pipeline();
    // 0. Where the peer speaks first (TLS, WebSocket), one silent past the first-byte timeout
    //    is told in the clear what this listener speaks, and dropped.
    // 1. TLS (tls+tcp://, wss://); a failed handshake is one rejected peer. The HELLO written
    //    before the handshake completes waits in the SslHandler.
    if (tls != null || url.isWebSocket()) {
      p.addLast("probe", new Admission.PlainPeerProbe(events, tls != null));
    }
    if (tls != null) {
      p.addLast("tls", tls.newHandler(ch.alloc()));
      p.addLast("tls-guard", new Admission.TlsGuard(events));
    }
    // 2. WebSocket (ws://, wss://): the HTTP upgrade, then binary frames carry the byte stream.
    //    The protocol stages become active only once the upgrade is done.
    if (url.isWebSocket()) {
      p.addLast("http", new HttpServerCodec());
      p.addLast("http-aggregator", new HttpObjectAggregator(MAX_UPGRADE_REQUEST));
      p.addLast("websocket", new WebSocketServerProtocolHandler(
          WebSocketServerProtocolConfig.newBuilder()
              .websocketPath(url.path())
              .checkStartsWith(false)
              .handshakeTimeoutMillis(UPGRADE_TIMEOUT_MS)
              .maxFramePayloadLength(WebSocketDialer.MAX_FRAME_PAYLOAD)
              .allowExtensions(false)
              .build()));
      p.addLast("ws-unwrap", new WebSocketStages.Unwrap(events));
      p.addLast("ws-wrap", new WebSocketStages.Wrap());
      p.addLast("ws-await", new WebSocketStages.AwaitUpgrade(events));
    }
    // 3. Large payloads written in pieces as the socket drains (DaemonLink, PayloadChunks); every
    //    frame written goes through here, so frames keep their order.
    p.addLast("chunks", new ChunkedWriteHandler());
    // 4. Length-prefixed frames, limited before authentication.
    FrameDecoder decoder = new FrameDecoder();
    p.addLast("frames", decoder);
    // 5. Handshake, then frames to the dispatcher. Without TLS, frames over a network (tcp://,
    //    ws://) carry a MAC; ipc:// is a socket file only its owner can reach. Once a daemon
    //    is in, a "heartbeat" stage goes in front of "frames" to notice a silent peer.
    boolean integrity = url.needsFrameIntegrity();
    p.addLast("host", new HostHandler(
        secret, integrity, heartbeatMillis, Frames.DEFAULT_LIMIT, events, decoder));
  }

  /**
   * ipc:// frames carry no MAC: the socket file is the boundary, so only this user may connect
   * (connecting to a Unix socket needs write permission on it).
   */
  private static void ownerOnly(Path socket) throws IOException {
    if (socket.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    }
  }

  /** The URL, with the port actually bound. */
  public MiraiUrl url() {
    return url;
  }

  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    if (url.isIpc()) {
      try {
        Files.deleteIfExists(Path.of(url.path()));
      } catch (IOException ignored) {
        // the socket file is gone already or its directory was removed
      }
    }
  }
}
