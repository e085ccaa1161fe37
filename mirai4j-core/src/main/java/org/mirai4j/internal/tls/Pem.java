package org.mirai4j.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM helpers built on the JDK alone.
 *
 * <p>Kept free of BouncyCastle because the daemon side ({@link TlsClient}) uses it on its
 * start-up path; the host side shares it so that both ends parse certificates identically.
 */
final class Pem {

  static final String BEGIN_MARKER = "-----BEGIN ";

  // Only CERTIFICATE blocks: a combined cert+key file must not reach CertificateFactory, which
  // rejects any non-certificate block.
  private static final Pattern CERTIFICATE_BLOCK =
      Pattern.compile(
          "-----BEGIN CERTIFICATE-----\\s*([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");

  private Pem() {}

  /**
   * Returns {@code pemOrPath} itself when it holds PEM text, otherwise the content of the file
   * it names.
   *
   * @throws IllegalArgumentException if it is neither PEM text nor a readable file
   */
  static String textOrFile(String pemOrPath, String what) {
    if (pemOrPath == null || pemOrPath.isBlank()) {
      throw new IllegalArgumentException(what + " is empty: expected PEM text or a file path");
    }
    if (pemOrPath.contains(BEGIN_MARKER)) {
      return pemOrPath;
    }
    Path path;
    try {
      path = Path.of(pemOrPath.strip());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          what + " is neither PEM text nor a valid file path: " + e.getMessage(), e);
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          what + " file not found: " + path.toAbsolutePath()
              + " (expected PEM text or the path of a PEM file)");
    }
    try {
      // ISO-8859-1 never fails on stray bytes; PEM itself is ASCII.
      return Files.readString(path, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + what + " file " + path.toAbsolutePath() + ": " + e, e);
    }
  }

  /**
   * Parses every {@code CERTIFICATE} block of {@code pem}, in order, ignoring other blocks.
   *
   * @throws IllegalArgumentException if there is none or one is malformed
   */
  static List<X509Certificate> certificates(String pem, String what) {
    Matcher m = CERTIFICATE_BLOCK.matcher(pem);
    List<X509Certificate> out = new ArrayList<>();
    CertificateFactory factory = x509Factory();
    while (m.find()) {
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "malformed base64 in certificate #" + (out.size() + 1) + " of " + what, e);
      }
      try {
        Certificate c = factory.generateCertificate(new ByteArrayInputStream(der));
        out.add((X509Certificate) c);
      } catch (CertificateException | ClassCastException e) {
        throw new IllegalArgumentException(
            "certificate #" + (out.size() + 1) + " of " + what + " is not a valid X.509"
                + " certificate: " + e.getMessage(), e);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "no certificate found in " + what
              + " (expected a '-----BEGIN CERTIFICATE-----' PEM block)");
    }
    return List.copyOf(out);
  }

  /** Encodes certificates as concatenated PEM blocks with 64-column lines. */
  static String encode(List<X509Certificate> chain) {
    Base64.Encoder encoder =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    StringBuilder sb = new StringBuilder();
    for (X509Certificate c : chain) {
      try {
        sb.append("-----BEGIN CERTIFICATE-----\n")
            .append(encoder.encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (CertificateException e) {
        throw new UncheckedIOException(new IOException("cannot encode certificate", e));
      }
    }
    return sb.toString();
  }

  static CertificateFactory x509Factory() {
    try {
      return CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 CertificateFactory", e);
    }
  }
}
