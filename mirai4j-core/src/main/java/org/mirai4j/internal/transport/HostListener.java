package org.mirai4j.internal.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

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

  /**
   * Binds the URL.
   *
   * @throws IllegalArgumentException for a URL scheme this host cannot serve
   * @throws UncheckedIOException when the address is in use or cannot be bound, naming it
   */
  public static HostListener bind(
      MiraiUrl url, EventLoopGroup group, byte[] secret, LinkEvents events) {
    ServerBootstrap bootstrap = new ServerBootstrap().group(group);
    if (url.isIpc()) {
      bootstrap.channel(NioServerDomainSocketChannel.class);
    } else {
      bootstrap.channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true);
    }
    bootstrap.childHandler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        pipeline(ch.pipeline(), url, secret, events);
      }
    });
    try {
      if (url.isIpc()) {
        // A stale socket file from a crashed host would make the bind fail.
        Files.deleteIfExists(Path.of(url.path()));
      }
      Channel channel = bootstrap.bind(url.socketAddress()).sync().channel();
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

  /** One connection's pipeline, stage by stage. */
  private static void pipeline(
      ChannelPipeline p, MiraiUrl url, byte[] secret, LinkEvents events) {
    // 1. Length-prefixed frames, limited before authentication.
    FrameDecoder decoder = new FrameDecoder();
    p.addLast("frames", decoder);
    // 2. Handshake, then frames to the dispatcher.
    p.addLast("host", new HostHandler(secret, events, decoder));
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
