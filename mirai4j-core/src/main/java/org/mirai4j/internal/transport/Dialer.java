package org.mirai4j.internal.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;

/** Opens a daemon's connection to a host URL with the JDK alone. */
public final class Dialer {
  private static final int CONNECT_TIMEOUT_MS = 10_000;

  private Dialer() {}

  /**
   * Connects to the URL.
   *
   * @param tlsCert the PEM chain (or its path) to trust for tls+tcp:// and wss://, or null
   * @throws IOException when the host cannot be reached, with the URL in the message
   */
  public static BlockingConnection dial(MiraiUrl url, String tlsCert) throws IOException {
    try {
      return switch (url.scheme()) {
        case IPC -> dialIpc(url);
        case TCP -> dialTcp(url);
        case TLS_TCP -> TlsDialer.dial(url, tlsCert);
        case WS, WSS -> WebSocketDialer.dial(url, tlsCert);
      };
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IOException("cannot dial " + url + ": " + why, e);
    }
  }

  private static BlockingConnection dialIpc(MiraiUrl url) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(url.socketAddress());
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return new BlockingConnection(
        new ChannelStreams.In(channel), new ChannelStreams.Out(channel), channel, url.toString());
  }

  private static BlockingConnection dialTcp(MiraiUrl url) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(url.host(), url.port()), CONNECT_TIMEOUT_MS);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return new BlockingConnection(
        socket.getInputStream(), socket.getOutputStream(), socket, url.toString());
  }
}
