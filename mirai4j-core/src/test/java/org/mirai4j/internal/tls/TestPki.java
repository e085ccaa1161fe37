package org.mirai4j.internal.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test PKI built with BouncyCastle: CAs, leaves and every PEM key encoding fromPem reads. */
final class TestPki {

  static final Provider BC = new BouncyCastleProvider();
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private TestPki() {}

  /** Certificate plus the key that signed it, for issuing further certificates. */
  record Issued(X509Certificate cert, KeyPair keys) {}

  static KeyPair ec() {
    try {
      // BouncyCastle's EC keys, because their SEC1 ("EC PRIVATE KEY") encoding carries the
      // curve and public key as OpenSSL writes them; the JDK's omits both.
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Issued ca(String cn) {
    Instant now = Instant.now();
    return issue(cn, null, ec(), null, true, now.minus(Duration.ofDays(1)),
        now.plus(Duration.ofDays(30)));
  }

  /** A server certificate for {@code host} (DNS or IP SAN), valid for a month. */
  static Issued leaf(String host, Issued issuer, KeyPair keys) {
    Instant now = Instant.now();
    return leaf(host, issuer, keys, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
  }

  static Issued leaf(String host, Issued issuer, KeyPair keys, Instant from, Instant to) {
    boolean ip = host.matches("[0-9.]+") || host.contains(":");
    return issue(host, new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host),
        keys, issuer, false, from, to);
  }

  static Issued issue(String cn, GeneralName san, KeyPair keys, Issued issuer, boolean isCa,
      Instant from, Instant to) {
    try {
      X500Name subject = new X500Name("CN=" + cn);
      X500Name issuerName = issuer == null
          ? subject : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
      KeyPair signing = issuer == null ? keys : issuer.keys();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), subject,
          keys.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.subjectKeyIdentifier, false,
          ext.createSubjectKeyIdentifier(keys.getPublic()));
      b.addExtension(Extension.authorityKeyIdentifier, false,
          ext.createAuthorityKeyIdentifier(signing.getPublic()));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (isCa) {
        b.addExtension(Extension.keyUsage, true,
            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      }
      if (san != null) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
      }
      String alg = signing.getPrivate().getAlgorithm().equals("RSA")
          ? "SHA256withRSA" : "SHA256withECDSA";
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder(alg).build(signing.getPrivate())));
      return new Issued(cert, keys);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Key encodings accepted by {@link TlsMaterial#fromPem}. */
  enum KeyFormat {
    PKCS8, PKCS8_ENCRYPTED, TRADITIONAL, TRADITIONAL_ENCRYPTED
  }

  static String keyPem(PrivateKey key, KeyFormat format, char[] password) {
    try {
      switch (format) {
        case PKCS8:
          return pem(new JcaPKCS8Generator(key, null));
        case PKCS8_ENCRYPTED:
          return pem(new JcaPKCS8Generator(key,
              new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                  .setProvider(BC).setPassword(password).build()));
        case TRADITIONAL:
          return pem(new JcaMiscPEMGenerator(key));
        case TRADITIONAL_ENCRYPTED:
          return pem(new JcaMiscPEMGenerator(key,
              new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).build(password)));
        default:
          throw new AssertionError(format);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String certPem(X509Certificate... certs) {
    StringBuilder sb = new StringBuilder();
    for (X509Certificate c : certs) {
      sb.append(pem(c));
    }
    return sb.toString();
  }

  private static String pem(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      if (o instanceof org.bouncycastle.util.io.pem.PemObjectGenerator) {
        w.writeObject((org.bouncycastle.util.io.pem.PemObjectGenerator) o);
      } else {
        w.writeObject(o);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }
}
