package org.mirai4j.internal.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Daemon side of TLS: an {@link SSLContext} that trusts exactly the certificate chain the host
 * handed out, and helpers to open a verified {@link SSLSocket} (or set up an {@link SSLEngine}).
 *
 * <p>Uses only the JDK on purpose: a daemon JVM dials back with plain JDK sockets, and loading
 * BouncyCastle or Netty would add to its start-up time. The trust anchor is the <em>last</em>
 * certificate of the given chain: for the zero-config self-signed certificate that is the
 * certificate itself; for a user-supplied chain (leaf, intermediates, CA) it is the CA, so the
 * host may present any leaf issued under it. Host names are checked HTTPS-style (RFC 2818
 * subject alternative names), so a certificate made for another host is refused.
 */
public final class TlsClient {

  private TlsClient() {}

  /**
   * Builds a client context trusting the chain in {@code chainPemOrPath}.
   *
   * @param chainPemOrPath PEM text, or the path of a PEM file, holding one or more certificates
   *     (leaf first); other PEM blocks, such as a private key, are ignored
   * @throws IllegalArgumentException if no certificate can be read
   */
  public static SSLContext sslContext(String chainPemOrPath) {
    return sslContext(parseChain(chainPemOrPath));
  }

  /**
   * Builds a client context trusting {@code chain}: its last certificate is the trust anchor.
   *
   * @throws IllegalArgumentException if {@code chain} is empty
   */
  public static SSLContext sslContext(List<X509Certificate> chain) {
    if (chain == null || chain.isEmpty()) {
      throw new IllegalArgumentException("empty certificate chain: nothing to trust");
    }
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      // No key managers: daemons do not authenticate themselves with certificates.
      ctx.init(null, new TrustManager[] {new ChainTrustManager(chain.get(chain.size() - 1))},
          null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot initialise a JDK TLS context", e);
    }
  }

  /**
   * Reads the certificates of {@code chainPemOrPath}, in file order.
   *
   * @throws IllegalArgumentException if the file is missing or holds no valid certificate
   */
  public static List<X509Certificate> parseChain(String chainPemOrPath) {
    String pem = Pem.textOrFile(chainPemOrPath, "TLS certificate chain");
    return Pem.certificates(pem, "the TLS certificate chain");
  }

  /**
   * Returns {@code params} with HTTPS endpoint identification switched on, so the handshake
   * fails when the server certificate's names do not include the dialed host.
   */
  public static SSLParameters withEndpointIdentification(SSLParameters params) {
    params.setEndpointIdentificationAlgorithm("HTTPS");
    return params;
  }

  /**
   * Switches {@code socket} to client mode with HTTPS endpoint identification. The socket must
   * have been created with the dialed host name (for example by {@link
   * javax.net.ssl.SSLSocketFactory#createSocket(Socket, String, int, boolean)}), since that is
   * the name checked against the certificate.
   */
  public static SSLSocket configure(SSLSocket socket) {
    socket.setUseClientMode(true);
    socket.setSSLParameters(withEndpointIdentification(socket.getSSLParameters()));
    return socket;
  }

  /** A client-mode engine for {@code host:port} with HTTPS endpoint identification. */
  public static SSLEngine newEngine(SSLContext context, String host, int port) {
    SSLEngine engine = context.createSSLEngine(unbracket(host), port);
    engine.setUseClientMode(true);
    engine.setSSLParameters(withEndpointIdentification(engine.getSSLParameters()));
    return engine;
  }

  /**
   * Connects to {@code host:port} and completes the TLS handshake, each step bounded by
   * {@code timeout}.
   *
   * @param host a DNS name or an IP literal (an IPv6 literal with or without brackets)
   * @return the connected socket, with its read timeout reset to infinite
   * @throws IOException on connection failure, timeout or handshake failure ({@link
   *     TlsErrors#describe} explains the latter)
   */
  public static SSLSocket connect(SSLContext context, String host, int port, Duration timeout)
      throws IOException {
    String name = unbracket(host);
    return connect(context, new InetSocketAddress(name, port), name, timeout);
  }

  /**
   * Like {@link #connect(SSLContext, String, int, Duration)} but to an already resolved
   * {@code address}, checking the certificate against {@code host}.
   */
  public static SSLSocket connect(
      SSLContext context, InetSocketAddress address, String host, Duration timeout)
      throws IOException {
    Objects.requireNonNull(context, "context");
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    Socket tcp = new Socket();
    try {
      tcp.connect(address, millis);
      // A peer that does not speak TLS may never answer the ClientHello: bound the handshake.
      tcp.setSoTimeout(millis);
      SSLSocket ssl = (SSLSocket) context.getSocketFactory()
          .createSocket(tcp, unbracket(host), address.getPort(), true);
      configure(ssl);
      ssl.startHandshake();
      ssl.setSoTimeout(0);
      return ssl;
    } catch (IOException | RuntimeException e) {
      try {
        tcp.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Strips the brackets of a URL-style IPv6 literal such as {@code [::1]}. */
  static String unbracket(String host) {
    Objects.requireNonNull(host, "host");
    return host.length() > 1 && host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1)
        : host;
  }
}
