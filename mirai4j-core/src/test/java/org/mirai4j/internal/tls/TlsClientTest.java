package org.mirai4j.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TlsClientTest {

  @Test
  void daemonSideHandshakesWithoutBouncyCastleOrNettyOnTheClassPath() throws Exception {
    TlsMaterial material = TlsMaterial.selfSigned("127.0.0.1");
    URL classes = TlsClient.class.getProtectionDomain().getCodeSource().getLocation();
    // Parent = platform loader: only the JDK and this module's own classes are visible.
    try (URLClassLoader daemon = new URLClassLoader(new URL[] {classes},
            ClassLoader.getPlatformClassLoader());
        LoopbackServer server = LoopbackServer.tls(InetAddress.getByName("127.0.0.1"),
            material.serverContext())) {
      assertThatThrownBy(() -> daemon.loadClass("org.bouncycastle.asn1.x500.X500Name"))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> client = daemon.loadClass(TlsClient.class.getName());
      SSLContext ctx = (SSLContext) client.getMethod("sslContext", String.class)
          .invoke(null, material.certificateChainPem());
      Method connect = client.getMethod("connect", SSLContext.class, String.class, int.class,
          Duration.class);
      try (SSLSocket socket = (SSLSocket) connect.invoke(null, ctx, "127.0.0.1", server.port(),
          Duration.ofSeconds(5))) {
        socket.setSoTimeout(5000);
        OutputStream out = socket.getOutputStream();
        out.write("hi".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        assertThat(new String(in.readNBytes(2), StandardCharsets.US_ASCII)).isEqualTo("hi");
      }
      Class<?> errors = daemon.loadClass(TlsErrors.class.getName());
      Object message = errors.getMethod("describe", Throwable.class, String.class)
          .invoke(null, new javax.net.ssl.SSLException("Unsupported or unrecognized SSL message"),
              "127.0.0.1");
      assertThat(message).isEqualTo("peer is not speaking TLS");
    }
  }

  @Test
  void trustAnchorIsTheLastCertificateOfTheChain() throws Exception {
    TestPki.Issued ca = TestPki.ca("test CA");
    TestPki.Issued leaf = TestPki.leaf("localhost", ca, TestPki.ec());
    List<X509Certificate> chain = TlsClient.parseChain(
        TestPki.certPem(leaf.cert(), ca.cert())
            + TestPki.keyPem(leaf.keys().getPrivate(), TestPki.KeyFormat.PKCS8, null));
    assertThat(chain).containsExactly(leaf.cert(), ca.cert());
    ChainTrustManager tm = new ChainTrustManager(chain.get(chain.size() - 1));
    assertThat(tm.getAcceptedIssuers()).containsExactly(ca.cert());
    tm.checkServerTrusted(new X509Certificate[] {leaf.cert(), ca.cert()}, "ECDHE_ECDSA");
    tm.checkServerTrusted(new X509Certificate[] {leaf.cert()}, "ECDHE_ECDSA");
    X509Certificate stranger = TestPki.leaf("localhost", TestPki.ca("other CA"), TestPki.ec())
        .cert();
    assertThatThrownBy(() -> tm.checkServerTrusted(new X509Certificate[] {stranger},
        "ECDHE_ECDSA")).isInstanceOf(java.security.cert.CertificateException.class);
    assertThatThrownBy(() -> tm.checkClientTrusted(new X509Certificate[] {leaf.cert()},
        "ECDHE_ECDSA")).isInstanceOf(java.security.cert.CertificateException.class);
  }

  @Test
  void engineAndSocketUseHttpsEndpointIdentification() {
    SSLContext ctx = TlsClient.sslContext(TlsMaterial.selfSigned("::1").certificateChainPem());
    SSLEngine engine = TlsClient.newEngine(ctx, "[::1]", 443);
    assertThat(engine.getUseClientMode()).isTrue();
    assertThat(engine.getPeerHost()).isEqualTo("::1");
    assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm())
        .isEqualTo("HTTPS");
  }

  @Test
  void emptyOrCertificateLessInputIsRejected() {
    assertThatThrownBy(() -> TlsClient.sslContext(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TlsClient.sslContext(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> TlsClient.sslContext(
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no certificate found");
  }

  @Test
  void bracketsOfIpv6LiteralsAreStripped() {
    assertThat(TlsClient.unbracket("[::1]")).isEqualTo("::1");
    assertThat(TlsClient.unbracket("::1")).isEqualTo("::1");
    assertThat(TlsClient.unbracket("example.org")).isEqualTo("example.org");
  }
}
