package org.mirai4j.internal.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.encoders.DecoderException;

/**
 * Host side of TLS: a certificate chain and its private key, either generated (self-signed, the
 * zero-configuration default of {@code tls+tcp://} URLs, like mirai's {@code write_cert()}) or
 * loaded from user-supplied PEM.
 *
 * <p>The chain leaves as PEM ({@link #certificateChainPem()}, what the daemons trust via {@link
 * TlsClient}); the private key never leaves this object except inside the Netty server context
 * ({@link #serverContext()}). Self-signed keys are EC P-256: generating one takes about a
 * millisecond warm, whereas an RSA 2048 key takes tens to hundreds of milliseconds, and every
 * {@code daemons()} call with a TLS URL and no certificate pays this cost.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TlsMaterial {

  /** Validity of generated certificates: a day of clock skew back, about ten years ahead. */
  static final Duration BACKDATE = Duration.ofDays(1);

  static final Duration LIFETIME = Duration.ofDays(3652);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<X509Certificate> chain;
  private final PrivateKey privateKey;
  private volatile SslContext serverContext;

  private TlsMaterial(List<X509Certificate> chain, PrivateKey privateKey) {
    this.chain = List.copyOf(chain);
    this.privateKey = privateKey;
  }

  /**
   * Generates an EC P-256 key pair and a self-signed certificate for {@code host}: CN = host and
   * one subject alternative name, an IP address when {@code host} is an IP literal (IPv6 with or
   * without brackets), a DNS name otherwise. Valid from one day ago for about ten years.
   *
   * @param host the host part of the URL the daemons will dial
   */
  public static TlsMaterial selfSigned(String host) {
    Instant now = Instant.now();
    return selfSigned(host, now.minus(BACKDATE), now.plus(LIFETIME));
  }

  /** {@link #selfSigned(String)} with explicit dates (tests use it for expired certificates). */
  static TlsMaterial selfSigned(String host, Instant notBefore, Instant notAfter) {
    String name = TlsClient.unbracket(Objects.requireNonNull(host, "host").strip());
    if (name.isEmpty()) {
      throw new IllegalArgumentException("cannot make a certificate for an empty host name");
    }
    KeyPair pair = generateEcKeyPair();
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          subject,
          // Positive 127-bit serial: unique enough that two generated certificates never clash.
          new BigInteger(127, RANDOM).setBit(0),
          Date.from(notBefore),
          Date.from(notAfter),
          subject,
          pair.getPublic());
      builder.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(subjectAltName(name)));
      // An end-entity server certificate, not a CA: clients never accept it as an issuer.
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      builder.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      // JDK provider for signing: no BouncyCastle provider registration as a side effect.
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA")
          .build(pair.getPrivate());
      X509Certificate cert = new JcaX509CertificateConverter()
          .getCertificate(builder.build(signer));
      return new TlsMaterial(List.of(cert), pair.getPrivate());
    } catch (IOException | OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot generate a self-signed certificate for " + name, e);
    }
  }

  private static KeyPair generateEcKeyPair() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return gen.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate EC P-256 keys", e);
    }
  }

  private static GeneralName subjectAltName(String host) {
    // Netty's parser recognises IPv4 and IPv6 literals (incl. zone ids) without a DNS lookup.
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
    return ip != null
        ? new GeneralName(GeneralName.iPAddress, new DEROctetString(ip))
        : new GeneralName(GeneralName.dNSName, host);
  }

  /**
   * Loads a user-supplied certificate chain and private key.
   *
   * @param certAndKeyPemOrPath PEM text, or the path of a PEM file, holding the certificate
   *     chain (leaf first, then intermediates and the CA) and the private key of the leaf: PKCS#8
   *     ({@code BEGIN PRIVATE KEY}), encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}) or
   *     traditional OpenSSL ({@code BEGIN RSA PRIVATE KEY} / {@code BEGIN EC PRIVATE KEY}),
   *     possibly encrypted
   * @param password asked only when the key is encrypted; may be {@code null} otherwise. The
   *     returned array is wiped after use.
   * @throws IllegalArgumentException if the file is missing, there is no certificate or no key,
   *     the key is encrypted and the password is missing or wrong, or the key does not belong to
   *     any of the certificates
   */
  public static TlsMaterial fromPem(String certAndKeyPemOrPath, Supplier<char[]> password) {
    String pem = Pem.textOrFile(certAndKeyPemOrPath, "TLS certificate and key");
    List<X509Certificate> certs = Pem.certificates(pem, "the TLS certificate and key");
    PrivateKey key = readPrivateKey(pem, password);
    return new TlsMaterial(orderChain(certs, key), key);
  }

  private static PrivateKey readPrivateKey(String pem, Supplier<char[]> password) {
    Object found = null;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o;
      while ((o = parser.readObject()) != null) {
        if (o instanceof PEMKeyPair || o instanceof PEMEncryptedKeyPair
            || o instanceof PrivateKeyInfo || o instanceof PKCS8EncryptedPrivateKeyInfo) {
          if (found != null) {
            throw new IllegalArgumentException(
                "more than one private key found in the TLS certificate and key PEM");
          }
          found = o;
        }
        // Certificates were read by Pem; other blocks (e.g. EC PARAMETERS) are irrelevant.
      }
    } catch (IOException | DecoderException e) {
      // DecoderException: BouncyCastle's unchecked answer to bad base64 inside a PEM block.
      throw new IllegalArgumentException("malformed PEM in the TLS certificate and key: "
          + e.getMessage(), e);
    }
    if (found == null) {
      throw new IllegalArgumentException(
          "no private key found in the TLS certificate and key (expected a 'BEGIN PRIVATE KEY',"
              + " 'BEGIN ENCRYPTED PRIVATE KEY', 'BEGIN RSA PRIVATE KEY' or 'BEGIN EC PRIVATE"
              + " KEY' PEM block)");
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (found instanceof PrivateKeyInfo) {
        return converter.getPrivateKey((PrivateKeyInfo) found);
      }
      if (found instanceof PEMKeyPair) {
        // Private part only: a traditional EC key may omit its optional public key.
        return converter.getPrivateKey(((PEMKeyPair) found).getPrivateKeyInfo());
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("unsupported or malformed private key: "
          + e.getMessage(), e);
    }
    return decrypt(found, converter, password);
  }

  private static PrivateKey decrypt(
      Object encrypted, JcaPEMKeyConverter converter, Supplier<char[]> password) {
    char[] pw = password == null ? null : password.get();
    if (pw == null) {
      throw new IllegalArgumentException(
          "the private key is encrypted but no password was supplied");
    }
    PrivateKeyInfo info;
    try {
      // A provider instance, not a registered one: decryption needs legacy PBE/OpenSSL
      // algorithms the JDK lacks, but installing BouncyCastle globally would affect the whole
      // JVM's provider order.
      Provider bc = BouncyCastleHolder.PROVIDER;
      if (encrypted instanceof PKCS8EncryptedPrivateKeyInfo) {
        info = ((PKCS8EncryptedPrivateKeyInfo) encrypted).decryptPrivateKeyInfo(
            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(bc).build(pw));
      } else {
        PEMKeyPair pair = ((PEMEncryptedKeyPair) encrypted).decryptKeyPair(
            new JcePEMDecryptorProviderBuilder().setProvider(bc).build(pw));
        info = pair.getPrivateKeyInfo();
      }
    } catch (Exception e) {
      // A wrong password shows as bad padding or, 1 time in 256, as garbage that fails to parse.
      throw new IllegalArgumentException("wrong password for encrypted private key", e);
    } finally {
      Arrays.fill(pw, '\0');
    }
    try {
      return converter.getPrivateKey(info);
    } catch (IOException e) {
      throw new IllegalArgumentException("wrong password for encrypted private key", e);
    }
  }

  /** Leaf (the certificate the key belongs to) first, then each issuer in turn. */
  private static List<X509Certificate> orderChain(List<X509Certificate> certs, PrivateKey key) {
    X509Certificate leaf = null;
    for (X509Certificate c : certs) {
      if (keyMatches(key, c.getPublicKey())) {
        leaf = c;
        break;
      }
    }
    if (leaf == null) {
      throw new IllegalArgumentException(
          "the private key does not match the certificate " + subject(certs.get(0))
              + (certs.size() > 1 ? " (nor any other certificate in the chain)" : ""));
    }
    List<X509Certificate> rest = new ArrayList<>(certs);
    rest.remove(leaf);
    List<X509Certificate> ordered = new ArrayList<>(List.of(leaf));
    X509Certificate current = leaf;
    while (!rest.isEmpty() && !isSelfIssued(current)) {
      X509Certificate issuer = null;
      for (X509Certificate c : rest) {
        if (c.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
          issuer = c;
          break;
        }
      }
      if (issuer == null) {
        break;
      }
      ordered.add(issuer);
      rest.remove(issuer);
      current = issuer;
    }
    if (!rest.isEmpty()) {
      // Daemons trust the last certificate of the chain: an unrelated one there would make
      // every handshake fail, so say so now rather than at the first daemon.
      throw new IllegalArgumentException(
          "certificate " + subject(rest.get(0)) + " is not part of the chain of "
              + subject(leaf) + " (expected the leaf, then its issuers in order)");
    }
    return ordered;
  }

  private static boolean isSelfIssued(X509Certificate c) {
    return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
  }

  /** Proves possession: a signature by {@code key} verifies with {@code publicKey}. */
  private static boolean keyMatches(PrivateKey key, PublicKey publicKey) {
    String alg = key.getAlgorithm();
    if (!alg.equals(publicKey.getAlgorithm())) {
      return false;
    }
    String sigAlg;
    switch (alg) {
      case "RSA":
        sigAlg = "SHA256withRSA";
        break;
      case "EC":
        sigAlg = "SHA256withECDSA";
        break;
      case "DSA":
        sigAlg = "SHA256withDSA";
        break;
      case "EdDSA":
      case "Ed25519":
      case "Ed448":
        sigAlg = alg;
        break;
      default:
        throw new IllegalArgumentException("unsupported private key algorithm: " + alg);
    }
    try {
      byte[] probe = new byte[32];
      RANDOM.nextBytes(probe);
      Signature signer = Signature.getInstance(sigAlg);
      signer.initSign(key);
      signer.update(probe);
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance(sigAlg);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The certificate chain as PEM, leaf first: what daemons are given to trust. */
  public String certificateChainPem() {
    return Pem.encode(chain);
  }

  /** The certificate chain, leaf first. */
  public List<X509Certificate> certificateChain() {
    return chain;
  }

  /** The leaf (server) certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** SHA-256 fingerprint of the leaf certificate, as colon-separated hex, for logs. */
  public String fingerprintSha256() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(certificate().getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The Netty server context presenting this chain, built once and cached. Uses the JDK TLS
   * provider (no tcnative) and does not request client certificates.
   */
  public SslContext serverContext() {
    SslContext ctx = serverContext;
    if (ctx == null) {
      synchronized (this) {
        ctx = serverContext;
        if (ctx == null) {
          try {
            ctx = SslContextBuilder.forServer(privateKey, chain.toArray(new X509Certificate[0]))
                .sslProvider(SslProvider.JDK)
                .build();
          } catch (SSLException e) {
            throw new IllegalStateException("cannot build the TLS server context", e);
          }
          serverContext = ctx;
        }
      }
    }
    return ctx;
  }

  /** Describes the leaf certificate; never shows the key. */
  @Override
  public String toString() {
    return "TlsMaterial[" + subject(certificate()) + ", chain of " + chain.size()
        + ", not after " + certificate().getNotAfter().toInstant() + "]";
  }

  private static String subject(X509Certificate c) {
    return "'" + c.getSubjectX500Principal().getName() + "'";
  }

  /** Creates the BouncyCastle provider instance on first use only: it is slow to load. */
  private static final class BouncyCastleHolder {
    static final Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();
  }
}
