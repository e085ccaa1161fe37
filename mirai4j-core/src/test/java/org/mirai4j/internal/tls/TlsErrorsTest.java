package org.mirai4j.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Classification of exceptions as the JDK raises them, without a network. */
class TlsErrorsTest {

  private static SSLHandshakeException handshake(String message, Throwable cause) {
    SSLHandshakeException e = new SSLHandshakeException(message);
    e.initCause(cause);
    return e;
  }

  @Test
  void pkixPathFailureMeansNotTrusted() {
    Throwable t = handshake("PKIX path building failed: unable to find valid certification path"
        + " to requested target", new CertificateException("wrapped"));
    assertThat(TlsErrors.describe(t, "h"))
        .isEqualTo("certificate not trusted (unknown issuer or self-signed mismatch)");
    assertThat(TlsErrors.describe(new CertPathValidatorException("signature check failed"), "h"))
        .isEqualTo("certificate not trusted (unknown issuer or self-signed mismatch)");
  }

  @Test
  void expiryIsFoundDeepInTheCauseChain() {
    Throwable t = handshake("PKIX path validation failed",
        new CertPathValidatorException("validity check failed",
            new CertificateExpiredException("NotAfter: ...")));
    assertThat(TlsErrors.describe(t, "h")).startsWith("certificate expired");
    assertThat(TlsErrors.describe(new CertPathValidatorException("x", null, null, -1,
        CertPathValidatorException.BasicReason.EXPIRED), "h")).isEqualTo("certificate expired");
  }

  @Test
  void hostNameMismatchNamesBothSides() {
    Throwable t = handshake("No subject alternative DNS name matching h found.",
        new HostnameMismatchException("10.0.0.1", List.of("a.example", "10.0.0.2"), null));
    assertThat(TlsErrors.describe(t, "10.0.0.1"))
        .isEqualTo("host name mismatch: certificate is for a.example, 10.0.0.2, dialed 10.0.0.1");
    assertThat(TlsErrors.describe(new CertificateException(
        "No subject alternative names matching IP address 10.0.0.1 found"), "10.0.0.1"))
        .startsWith("host name mismatch:").contains("10.0.0.1");
  }

  @Test
  void nonTlsPeersAreRecognised() {
    assertThat(TlsErrors.describe(
        new javax.net.ssl.SSLException("Unsupported or unrecognized SSL message"), "h"))
        .isEqualTo("peer is not speaking TLS");
    assertThat(TlsErrors.describe(handshake("Remote host terminated the handshake",
        new EOFException("SSL peer shut down incorrectly")), "h"))
        .startsWith("peer is not speaking TLS");
    assertThat(TlsErrors.describe(new SocketTimeoutException("Read timed out"), "h"))
        .startsWith("peer is not speaking TLS");
  }

  @Test
  void anythingElseKeepsTheOriginalMessage() {
    assertThat(TlsErrors.describe(handshake("Received fatal alert: protocol_version", null), "h"))
        .contains("protocol_version");
    assertThat(TlsErrors.describe(new IllegalStateException("boom"), "h")).contains("boom");
    assertThat(TlsErrors.describe(null, "h")).isNotBlank();
  }
}
