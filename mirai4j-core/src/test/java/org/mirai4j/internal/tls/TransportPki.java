package org.mirai4j.internal.tls;

import java.time.Duration;
import java.time.Instant;

/** Certificates for the transport tests (public face of {@link TestPki}). */
public final class TransportPki {
  private TransportPki() {}

  /**
   * A CA-signed server certificate for {@code host}.
   *
   * @param hostPem the leaf, the CA and the leaf's key encrypted with {@code password}: what
   *     {@code Daemons.Builder.tls} takes
   * @param caPem the CA certificate alone: what a daemon trusts
   */
  public record CaSigned(String hostPem, String caPem) {}

  /** A CA-signed chain for {@code host} with its key encrypted (PKCS#8) by {@code password}. */
  public static CaSigned caSigned(String host, char[] password) {
    TestPki.Issued ca = TestPki.ca("mirai4j test CA");
    TestPki.Issued leaf = TestPki.leaf(host, ca, TestPki.ec());
    String key = TestPki.keyPem(leaf.keys().getPrivate(), TestPki.KeyFormat.PKCS8_ENCRYPTED,
        password);
    return new CaSigned(TestPki.certPem(leaf.cert(), ca.cert()) + key,
        TestPki.certPem(ca.cert()));
  }

  /** A self-signed certificate for {@code host} that expired yesterday, with its plain key. */
  public static String expiredSelfSigned(String host) {
    Instant now = Instant.now();
    TestPki.Issued cert = TestPki.leaf(host, null, TestPki.ec(),
        now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    return TestPki.certPem(cert.cert())
        + TestPki.keyPem(cert.keys().getPrivate(), TestPki.KeyFormat.PKCS8, null);
  }
}
