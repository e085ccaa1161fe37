package org.mirai4j.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.assertj.core.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real handshakes over loopback: a Netty server using {@link TlsMaterial#serverContext()} and a
 * JDK {@link SSLSocket} client set up by {@link TlsClient}, as a daemon does.
 */
@Timeout(60)
class TlsHandshakeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static InetAddress ipv4() throws IOException {
    return InetAddress.getByName("127.0.0.1");
  }

  /** Connects as a daemon would and checks one echoed message; returns the negotiated protocol. */
  private static String roundTrip(LoopbackServer server, String dialedHost, SSLContext ctx)
      throws IOException {
    try (SSLSocket socket = TlsClient.connect(ctx, server.address(), dialedHost, TIMEOUT)) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      byte[] ping = "ping\n".getBytes(StandardCharsets.US_ASCII);
      socket.getOutputStream().write(ping);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      assertThat(in.readNBytes(ping.length)).isEqualTo(ping);
      return socket.getSession().getProtocol();
    }
  }

  /** The handshake's failure, as the daemon would report it. */
  private static String failure(LoopbackServer server, String dialedHost, SSLContext ctx,
      Duration timeout) {
    Throwable t = catchThrowable(() -> {
      try (SSLSocket s = TlsClient.connect(ctx, server.address(), dialedHost, timeout)) {
        // TLS 1.3: a client-side rejection is already thrown by startHandshake in connect.
        s.getInputStream().read();
      }
    });
    assertThat(t).as("handshake should fail").isNotNull();
    return TlsErrors.describe(t, dialedHost);
  }

  @Test
  void selfSignedCertificateIsTrustedByItsOwnChain() throws IOException {
    TlsMaterial material = TlsMaterial.selfSigned("127.0.0.1");
    try (LoopbackServer server = LoopbackServer.tls(ipv4(), material.serverContext())) {
      SSLContext ctx = TlsClient.sslContext(material.certificateChainPem());
      assertThat(roundTrip(server, "127.0.0.1", ctx)).startsWith("TLSv1.");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"::1", "[::1]"})
  void selfSignedCertificateForAnIpv6LiteralIsTrusted(String host) throws IOException {
    InetAddress v6 = InetAddress.getByName("::1");
    Assumptions.assumeThat(canBind(v6)).as("IPv6 loopback available").isTrue();
    TlsMaterial material = TlsMaterial.selfSigned(host);
    try (LoopbackServer server = LoopbackServer.tls(v6, material.serverContext())) {
      SSLContext ctx = TlsClient.sslContext(material.certificateChainPem());
      roundTrip(server, host, ctx);
      try (SSLSocket s = TlsClient.connect(ctx, host, server.port(), TIMEOUT)) {
        assertThat(s.getSession().getPeerHost()).isEqualTo("::1");
      }
    }
  }

  @Test
  void selfSignedCertificateForADnsNameIsTrustedWhenThatNameIsDialed() throws IOException {
    TlsMaterial material = TlsMaterial.selfSigned("localhost");
    InetAddress localhost = InetAddress.getByName("localhost");
    try (LoopbackServer server = LoopbackServer.tls(localhost, material.serverContext())) {
      SSLContext ctx = TlsClient.sslContext(material.certificateChainPem());
      roundTrip(server, "localhost", ctx);
      try (SSLSocket s = TlsClient.connect(ctx, "localhost", server.port(), TIMEOUT)) {
        assertThat(s.getSession().getPeerCertificates()).hasSize(1);
      }
    }
  }

  @Test
  void caSignedChainIsTrustedThroughItsCaCertificate() throws IOException {
    TestPki.Issued root = TestPki.ca("mirai4j test root");
    TestPki.Issued intermediate = TestPki.issue("mirai4j test intermediate", null, TestPki.ec(),
        root, true, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(9)));
    TestPki.Issued leaf = TestPki.leaf("127.0.0.1", intermediate, TestPki.rsa());
    String pem = TestPki.certPem(leaf.cert(), intermediate.cert(), root.cert())
        + TestPki.keyPem(leaf.keys().getPrivate(), TestPki.KeyFormat.TRADITIONAL, null);
    TlsMaterial material = TlsMaterial.fromPem(pem, null);
    try (LoopbackServer server = LoopbackServer.tls(ipv4(), material.serverContext())) {
      // What the host hands out...
      roundTrip(server, "127.0.0.1", TlsClient.sslContext(material.certificateChainPem()));
      // ...and what an operator might give a daemon directly: the CA alone.
      roundTrip(server, "127.0.0.1", TlsClient.sslContext(TestPki.certPem(root.cert())));
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestPki.KeyFormat.class, names = {"PKCS8_ENCRYPTED",
      "TRADITIONAL_ENCRYPTED"})
  void encryptedKeyWithTheRightPasswordServesHandshakes(TestPki.KeyFormat format)
      throws IOException {
    TestPki.Issued cert = TestPki.issue("127.0.0.1",
        new org.bouncycastle.asn1.x509.GeneralName(
            org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1"),
        TestPki.ec(), null, false, Instant.now().minus(Duration.ofDays(1)),
        Instant.now().plus(Duration.ofDays(1)));
    String pem = TestPki.certPem(cert.cert())
        + TestPki.keyPem(cert.keys().getPrivate(), format, "s3cret".toCharArray());
    TlsMaterial material = TlsMaterial.fromPem(pem, () -> "s3cret".toCharArray());
    try (LoopbackServer server = LoopbackServer.tls(ipv4(), material.serverContext())) {
      roundTrip(server, "127.0.0.1", TlsClient.sslContext(material.certificateChainPem()));
    }
    Supplier<char[]> wrong = () -> "guess".toCharArray();
    assertThat(catchThrowable(() -> TlsMaterial.fromPem(pem, wrong)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("wrong password for encrypted private key");
  }

  @Test
  void certificateOfAnotherKeyIsNotTrusted() throws IOException {
    TlsMaterial served = TlsMaterial.selfSigned("127.0.0.1");
    TlsMaterial expected = TlsMaterial.selfSigned("127.0.0.1");
    try (LoopbackServer server = LoopbackServer.tls(ipv4(), served.serverContext())) {
      SSLContext ctx = TlsClient.sslContext(expected.certificateChainPem());
      assertThat(failure(server, "127.0.0.1", ctx, TIMEOUT))
          .isEqualTo("certificate not trusted (unknown issuer or self-signed mismatch)");
    }
  }

  @Test
  void leafOfAnotherCaIsNotTrusted() throws IOException {
    TestPki.Issued ca = TestPki.ca("the right CA");
    TestPki.Issued otherCa = TestPki.ca("another CA");
    TestPki.Issued leaf = TestPki.leaf("127.0.0.1", otherCa, TestPki.ec());
    TlsMaterial material = TlsMaterial.fromPem(TestPki.certPem(leaf.cert(), otherCa.cert())
        + TestPki.keyPem(leaf.keys().getPrivate(), TestPki.KeyFormat.PKCS8, null), null);
    try (LoopbackServer server = LoopbackServer.tls(ipv4(), material.serverContext())) {
      SSLContext ctx = TlsClient.sslContext(TestPki.certPem(ca.cert()));
      assertThat(failure(server, "127.0.0.1", ctx, TIMEOUT))
          .isEqualTo("certificate not trusted (unknown issuer or self-signed mismatch)");
    }
  }

  @Test
  void expiredSelfSignedCertificateIsReportedAsExpired() throws IOException {
    Instant now = Instant.now();
    TlsMaterial material = TlsMaterial.selfSigned("127.0.0.1",
        now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    try (LoopbackServer server = LoopbackServer.tls(ipv4(), material.serverContext())) {
      SSLContext ctx = TlsClient.sslContext(material.certificateChainPem());
      assertThat(failure(server, "127.0.0.1", ctx, TIMEOUT))
          .startsWith("certificate expired")
          .contains(material.certificate().getNotAfter().toInstant().toString());
    }
  }

  @Test
  void expiredLeafUnderAValidCaIsReportedAsExpired() throws IOException {
    TestPki.Issued ca = TestPki.ca("mirai4j test root");
    Instant now = Instant.now();
    TestPki.Issued leaf = TestPki.leaf("127.0.0.1", ca, TestPki.ec(),
        now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)));
    TlsMaterial material = TlsMaterial.fromPem(TestPki.certPem(leaf.cert(), ca.cert())
        + TestPki.keyPem(leaf.keys().getPrivate(), TestPki.KeyFormat.PKCS8, null), null);
    try (LoopbackServer server = LoopbackServer.tls(ipv4(), material.serverContext())) {
      SSLContext ctx = TlsClient.sslContext(material.certificateChainPem());
      assertThat(failure(server, "127.0.0.1", ctx, TIMEOUT)).startsWith("certificate expired");
    }
  }

  @Test
  void certificateForADnsNameDialedByIpIsReportedAsHostNameMismatch() throws IOException {
    TlsMaterial material = TlsMaterial.selfSigned("localhost");
    try (LoopbackServer server = LoopbackServer.tls(ipv4(), material.serverContext())) {
      SSLContext ctx = TlsClient.sslContext(material.certificateChainPem());
      assertThat(failure(server, "127.0.0.1", ctx, TIMEOUT))
          .isEqualTo("host name mismatch: certificate is for localhost, dialed 127.0.0.1");
    }
  }

  @Test
  void certificateForAnotherIpIsReportedAsHostNameMismatch() throws IOException {
    TlsMaterial material = TlsMaterial.selfSigned("10.1.2.3");
    try (LoopbackServer server = LoopbackServer.tls(ipv4(), material.serverContext())) {
      SSLContext ctx = TlsClient.sslContext(material.certificateChainPem());
      String message = failure(server, "127.0.0.1", ctx, TIMEOUT);
      assertThat(message)
          .isEqualTo("host name mismatch: certificate is for 10.1.2.3, dialed 127.0.0.1");
      // Also without the caller's help: the exception itself names the dialed host.
      Throwable t = catchThrowable(() -> TlsClient.connect(ctx, server.address(), "127.0.0.1",
          TIMEOUT).close());
      assertThat(TlsErrors.describe(t, null)).isEqualTo(message);
    }
  }

  @ParameterizedTest
  @EnumSource(LoopbackServer.Plain.class)
  void plainTcpServerIsReportedAsNotSpeakingTls(LoopbackServer.Plain behaviour)
      throws IOException {
    TlsMaterial material = TlsMaterial.selfSigned("127.0.0.1");
    try (LoopbackServer server = LoopbackServer.plain(ipv4(), behaviour)) {
      SSLContext ctx = TlsClient.sslContext(material.certificateChainPem());
      // SILENT waits for the read timeout: keep it short.
      assertThat(failure(server, "127.0.0.1", ctx, Duration.ofMillis(500)))
          .startsWith("peer is not speaking TLS");
    }
  }

  private static boolean canBind(InetAddress address) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(address, 0));
      return address instanceof Inet6Address;
    } catch (IOException e) {
      return false;
    }
  }
}
