package org.mirai4j.internal.transport;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.mirai4j.internal.tls.TlsClient;
import org.mirai4j.internal.tls.TlsErrors;

/**
 * Dials tls+tcp:// (and opens the TLS layer of wss://) with the JDK's {@link SSLSocket}: the
 * daemon trusts exactly the chain it was given with {@code --tlscert} (inline PEM or a file) and
 * checks the host name HTTPS-style. A failed handshake becomes one line naming the cause
 * ({@link TlsErrors#describe}).
 */
final class TlsDialer {
  /** Bounds the TCP connect and, separately, the TLS handshake. */
  static final int TIMEOUT_MS = 10_000;

  private TlsDialer() {}

  static BlockingConnection dial(MiraiUrl url, String tlsCert) throws IOException {
    SSLSocket socket = connect(url, tlsCert);
    return new BlockingConnection(
        socket.getInputStream(), socket.getOutputStream(), socket, url.toString());
  }

  /**
   * Connects and completes the TLS handshake.
   *
   * @throws IOException without --tlscert, for an unreadable one, when the host cannot be
   *     reached, or with {@link TlsErrors#describe}'s line when the handshake fails
   */
  static SSLSocket connect(MiraiUrl url, String tlsCert) throws IOException {
    if (tlsCert == null || tlsCert.isBlank()) {
      throw new IOException(url.scheme().text() + ":// needs --tlscert=FILE|PEM, the host's"
          + " certificate chain (Daemons' launch commands and tlsCertificatePem() give it)");
    }
    SSLContext context;
    try {
      context = TlsClient.sslContext(tlsCert);
    } catch (IllegalArgumentException e) {
      throw new IOException("bad --tlscert: " + e.getMessage(), e);
    }
    warmUp(context, url);
    Socket tcp = new Socket();
    try {
      tcp.setTcpNoDelay(true);
      tcp.connect(new InetSocketAddress(url.host(), url.port()), TIMEOUT_MS);
    } catch (IOException e) {
      tcp.close();
      throw e;
    }
    try {
      // A peer that does not speak TLS may never answer the ClientHello: bound the handshake.
      tcp.setSoTimeout(TIMEOUT_MS);
      SSLSocket ssl = (SSLSocket) context.getSocketFactory()
          .createSocket(tcp, url.host(), url.port(), true);
      TlsClient.configure(ssl);
      ssl.startHandshake();
      ssl.setSoTimeout(0);
      return ssl;
    } catch (SSLException | SocketTimeoutException | EOFException | SocketException e) {
      tcp.close();
      throw new IOException(TlsErrors.describe(e, url.host()), e);
    } catch (IOException | RuntimeException e) {
      tcp.close();
      throw e;
    }
  }

  /**
   * Builds one ClientHello before connecting, and throws it away. A cold JVM's first one (JSSE's
   * classes, the key shares' first key generation) took over 3 s on a loaded machine, and a TLS
   * listener drops a peer that stays silent that long after connecting (Admission's probe).
   */
  private static void warmUp(SSLContext context, MiraiUrl url) {
    try {
      SSLEngine engine = context.createSSLEngine(url.host(), url.port());
      engine.setUseClientMode(true);
      engine.wrap(ByteBuffer.allocate(0),
          ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
      engine.closeOutbound();
    } catch (SSLException | RuntimeException e) {
      // only a warm-up: the real handshake reports what is wrong
    }
  }
}
