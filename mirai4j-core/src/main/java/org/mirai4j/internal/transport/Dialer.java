package org.mirai4j.internal.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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
    return new BlockingConnection(new FirstByteCheck(socket.getInputStream(), url),
        socket.getOutputStream(), socket, url.toString());
  }

  /**
   * Explains the first byte from the host when it cannot start a mirai frame (whose length
   * prefix begins with a zero byte) but starts a TLS record or an HTTP response: the URL names
   * the wrong scheme. A TLS listener sends a plain alert to a peer that stays silent.
   */
  static final class FirstByteCheck extends FilterInputStream {
    private final MiraiUrl url;
    private boolean checked;

    FirstByteCheck(InputStream in, MiraiUrl url) {
      super(in);
      this.url = url;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (!checked && b >= 0) {
        check(b);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (!checked && n > 0) {
        check(buf[off] & 0xff);
      }
      return n;
    }

    private void check(int first) throws IOException {
      checked = true;
      String wrong = wrongScheme(first);
      if (wrong != null) {
        throw new IOException("cannot dial " + url + ": " + wrong);
      }
    }

    /** What a first byte from the host says about a mismatched scheme, or null. */
    static String wrongScheme(int first) {
      if (first == 0x15 || first == 0x16) {
        return "the host listens with TLS: dial tls+tcp:// (or wss://) with --tlscert";
      }
      if (first == 'H') {
        return "the host speaks HTTP: dial ws:// (or wss://) with the listener's path";
      }
      return null;
    }
  }
}
