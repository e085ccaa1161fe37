package org.mirai4j.internal.tls;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A Netty server on a loopback address: TLS echo, or one of a few ways of not speaking TLS. */
final class LoopbackServer implements AutoCloseable {

  /** What a plain (non-TLS) server does with a connection. */
  enum Plain {
    /** Sends a non-TLS greeting, as a plain mirai4j host would, and keeps reading. */
    GREETS,
    /** Closes the connection on the first bytes it receives. */
    CLOSES,
    /** Reads and never answers. */
    SILENT
  }

  private final EventLoopGroup group;
  private final Channel channel;

  private LoopbackServer(InetAddress address, ChannelInitializer<SocketChannel> init) {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(init).bind(new InetSocketAddress(address, 0)).syncUninterruptibly()
          .channel();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** TLS echo server presenting {@code ssl}'s chain. */
  static LoopbackServer tls(InetAddress address, SslContext ssl) {
    return new LoopbackServer(address, new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(ssl.newHandler(ch.alloc()), new Echo());
      }
    });
  }

  static LoopbackServer plain(InetAddress address, Plain behaviour) {
    return new LoopbackServer(address, new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelActive(ChannelHandlerContext ctx) {
            if (behaviour == Plain.GREETS) {
              ctx.writeAndFlush(Unpooled.copiedBuffer("MIRAI4J plain hello\n",
                  StandardCharsets.US_ASCII));
            }
          }

          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            if (behaviour == Plain.CLOSES) {
              ctx.close();
            }
          }

          @Override
          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
          }
        });
      }
    });
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.writeAndFlush(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // Failed handshakes are the point of several tests: close quietly.
      ctx.close();
    }
  }
}
