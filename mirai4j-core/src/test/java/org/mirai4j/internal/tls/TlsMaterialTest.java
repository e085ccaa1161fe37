package org.mirai4j.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TlsMaterialTest {

  private static final char[] PASSWORD = "correct horse".toCharArray();

  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, 127.0.0.1, 7",
      "::1, 0:0:0:0:0:0:0:1, 7",
      "[2001:db8::1], 2001:db8:0:0:0:0:0:1, 7",
      "localhost, localhost, 2",
      "host.example.org, host.example.org, 2"})
  void selfSignedCertificateNamesOnlyTheUrlHost(String host, String san, int sanType)
      throws Exception {
    X509Certificate cert = TlsMaterial.selfSigned(host).certificate();
    assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(sanType, san));
    assertThat(ChainTrustManager.commonName(cert)).isEqualTo(TlsClient.unbracket(host));
    assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
    cert.verify(cert.getPublicKey());
  }

  @Test
  void selfSignedCertificateIsValidFromYesterdayForAboutTenYears() {
    Instant before = Instant.now();
    X509Certificate cert = TlsMaterial.selfSigned("127.0.0.1").certificate();
    Instant after = Instant.now();
    assertThat(cert.getNotBefore().toInstant())
        .isBetween(before.minus(Duration.ofDays(1)).minusSeconds(1),
            after.minus(Duration.ofDays(1)));
    assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant())
        .toDays()).isBetween(3650L, 3660L);
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void selfSignedCertificatesAreFreshEachTime() {
    TlsMaterial a = TlsMaterial.selfSigned("localhost");
    TlsMaterial b = TlsMaterial.selfSigned("localhost");
    assertThat(a.certificate().getSerialNumber()).isNotEqualTo(b.certificate().getSerialNumber());
    assertThat(a.certificate().getPublicKey()).isNotEqualTo(b.certificate().getPublicKey());
  }

  @Test
  void certificateChainPemHoldsOnlyCertificatesAndRoundTrips() {
    TlsMaterial material = TlsMaterial.selfSigned("127.0.0.1");
    String pem = material.certificateChainPem();
    assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n").doesNotContain("PRIVATE");
    assertThat(pem.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
    assertThat(TlsClient.parseChain(pem)).containsExactly(material.certificate());
    assertThat(material.toString()).contains("CN=127.0.0.1").doesNotContain("PRIVATE");
    assertThat(material.fingerprintSha256()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
  }

  @Test
  void serverContextIsBuiltOnceWithTheJdkProvider() {
    TlsMaterial material = TlsMaterial.selfSigned("127.0.0.1");
    assertThat(material.serverContext()).isSameAs(material.serverContext());
    assertThat(material.serverContext().isServer()).isTrue();
    assertThat(material.serverContext()).isInstanceOf(io.netty.handler.ssl.JdkSslContext.class);
  }

  @ParameterizedTest
  @EnumSource(TestPki.KeyFormat.class)
  void fromPemReadsRsaKeysInEveryFormat(TestPki.KeyFormat format) {
    checkKeyFormat(TestPki.rsa(), format);
  }

  @ParameterizedTest
  @EnumSource(TestPki.KeyFormat.class)
  void fromPemReadsEcKeysInEveryFormat(TestPki.KeyFormat format) {
    checkKeyFormat(TestPki.ec(), format);
  }

  private static void checkKeyFormat(KeyPair keys, TestPki.KeyFormat format) {
    TestPki.Issued ca = TestPki.ca("test CA");
    TestPki.Issued leaf = TestPki.leaf("localhost", ca, keys);
    String keyPem = TestPki.keyPem(keys.getPrivate(), format, PASSWORD);
    assertThat(keyPem).contains(switch (format) {
      case PKCS8 -> "BEGIN PRIVATE KEY";
      case PKCS8_ENCRYPTED -> "BEGIN ENCRYPTED PRIVATE KEY";
      case TRADITIONAL, TRADITIONAL_ENCRYPTED ->
          keys.getPrivate().getAlgorithm().equals("RSA") ? "BEGIN RSA PRIVATE KEY"
              : "BEGIN EC PRIVATE KEY";
    });
    AtomicInteger asked = new AtomicInteger();
    TlsMaterial material = TlsMaterial.fromPem(
        TestPki.certPem(leaf.cert(), ca.cert()) + keyPem,
        () -> {
          asked.incrementAndGet();
          return PASSWORD.clone();
        });
    assertThat(material.certificateChain()).containsExactly(leaf.cert(), ca.cert());
    boolean encrypted = format == TestPki.KeyFormat.PKCS8_ENCRYPTED
        || format == TestPki.KeyFormat.TRADITIONAL_ENCRYPTED;
    assertThat(asked).as("password asked only for encrypted keys").hasValue(encrypted ? 1 : 0);
    assertThat(material.serverContext()).isNotNull();
  }

  @ParameterizedTest
  @EnumSource(value = TestPki.KeyFormat.class, names = {"PKCS8_ENCRYPTED",
      "TRADITIONAL_ENCRYPTED"})
  void encryptedKeyNeedsTheRightPassword(TestPki.KeyFormat format) {
    TestPki.Issued self = TestPki.leaf("localhost", null, TestPki.ec());
    String pem = TestPki.certPem(self.cert())
        + TestPki.keyPem(self.keys().getPrivate(), format, PASSWORD);
    for (String wrong : List.of("wrong", "correct horsf", "")) {
      assertThatThrownBy(() -> TlsMaterial.fromPem(pem, wrong::toCharArray))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("wrong password for encrypted private key");
    }
    assertThatThrownBy(() -> TlsMaterial.fromPem(pem, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encrypted but no password");
  }

  @ParameterizedTest
  @CsvSource({"EC_KEY, false", "EC_KEY_AES256, true", "PKCS8_PBES2, true",
      "PKCS8_PBE_SHA1_3DES, true"})
  void keysWrittenByOpensslAreRead(String fixture, boolean encrypted) throws Exception {
    String key = (String) OpensslFixtures.class.getDeclaredField(fixture).get(null);
    String pem = OpensslFixtures.CERT + key;
    TlsMaterial material = TlsMaterial.fromPem(pem, () -> "pw".toCharArray());
    assertThat(material.certificateChainPem()).isEqualTo(OpensslFixtures.CERT);
    assertThat(material.serverContext()).isNotNull();
    if (encrypted) {
      assertThatThrownBy(() -> TlsMaterial.fromPem(pem, () -> "wp".toCharArray()))
          .hasMessage("wrong password for encrypted private key");
    }
  }

  @Test
  void passwordArrayIsWipedAfterUse() {
    TestPki.Issued self = TestPki.leaf("localhost", null, TestPki.ec());
    String pem = TestPki.certPem(self.cert()) + TestPki.keyPem(self.keys().getPrivate(),
        TestPki.KeyFormat.PKCS8_ENCRYPTED, PASSWORD);
    char[] given = PASSWORD.clone();
    TlsMaterial.fromPem(pem, () -> given);
    assertThat(given).containsOnly('\0');
  }

  @Test
  void fromPemReadsAFileAndNamesAMissingOne(@TempDir Path dir) throws Exception {
    TestPki.Issued self = TestPki.leaf("127.0.0.1", null, TestPki.ec());
    Path file = dir.resolve("host.pem");
    Files.writeString(file, TestPki.keyPem(self.keys().getPrivate(), TestPki.KeyFormat.PKCS8,
        null) + TestPki.certPem(self.cert()));
    assertThat(TlsMaterial.fromPem(file.toString(), null).certificate()).isEqualTo(self.cert());
    assertThat(TlsClient.parseChain(file.toString())).containsExactly(self.cert());

    Path missing = dir.resolve("nope.pem");
    assertThatThrownBy(() -> TlsMaterial.fromPem(missing.toString(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not found").hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> TlsClient.sslContext(missing.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not found").hasMessageContaining(missing.toString());
  }

  @Test
  void fromPemWithoutCertificateSaysSo() {
    String key = TestPki.keyPem(TestPki.ec().getPrivate(), TestPki.KeyFormat.PKCS8, null);
    assertThatThrownBy(() -> TlsMaterial.fromPem(key, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no certificate found");
  }

  @Test
  void fromPemWithoutKeySaysSo() {
    String cert = TestPki.certPem(TestPki.leaf("localhost", null, TestPki.ec()).cert());
    assertThatThrownBy(() -> TlsMaterial.fromPem(cert, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no private key found");
  }

  @Test
  void fromPemWithAnotherCertificatesKeySaysTheyDoNotMatch() {
    String pem = TestPki.certPem(TestPki.leaf("localhost", null, TestPki.ec()).cert())
        + TestPki.keyPem(TestPki.ec().getPrivate(), TestPki.KeyFormat.PKCS8, null);
    assertThatThrownBy(() -> TlsMaterial.fromPem(pem, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("private key does not match the certificate 'CN=localhost'");
    String rsaCertEcKey = TestPki.certPem(TestPki.leaf("localhost", null, TestPki.rsa()).cert())
        + TestPki.keyPem(TestPki.ec().getPrivate(), TestPki.KeyFormat.TRADITIONAL, null);
    assertThatThrownBy(() -> TlsMaterial.fromPem(rsaCertEcKey, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void fromPemPutsTheLeafFirstAndRejectsUnrelatedCertificates() {
    TestPki.Issued ca = TestPki.ca("test CA");
    TestPki.Issued leaf = TestPki.leaf("localhost", ca, TestPki.ec());
    String key = TestPki.keyPem(leaf.keys().getPrivate(), TestPki.KeyFormat.PKCS8, null);
    TlsMaterial reordered = TlsMaterial.fromPem(key + TestPki.certPem(ca.cert(), leaf.cert()),
        null);
    assertThat(reordered.certificateChain()).containsExactly(leaf.cert(), ca.cert());

    X509Certificate stranger = TestPki.ca("unrelated CA").cert();
    assertThatThrownBy(() -> TlsMaterial.fromPem(
        key + TestPki.certPem(leaf.cert(), ca.cert(), stranger), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'CN=unrelated CA' is not part of the chain");
  }

  @Test
  void malformedInputIsRejectedClearly() {
    assertThatThrownBy(() -> TlsMaterial.fromPem("", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> TlsMaterial.fromPem(
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid X.509 certificate");
  }
}
