package org.mirai4j.internal.tls;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns a TLS handshake failure into one short line for a daemon's error message.
 *
 * <p>The JDK's exceptions are accurate but cryptic ("PKIX path building failed", "Unsupported
 * or unrecognized SSL message"); a user starting daemons mostly needs to know which of a few
 * set-up mistakes happened. JDK-only, like {@link TlsClient}.
 */
public final class TlsErrors {

  private static final String NOT_TLS = "peer is not speaking TLS";

  private TlsErrors() {}

  /**
   * Describes {@code failure} (typically an {@link javax.net.ssl.SSLHandshakeException} or a
   * {@link java.security.cert.CertificateException}, possibly wrapped) in one line, e.g.
   * "certificate expired", "certificate not trusted (unknown issuer or self-signed mismatch)",
   * "host name mismatch: certificate is for X, dialed Y" or "peer is not speaking TLS".
   *
   * @param dialedHost the host the daemon dialed, used when the exception does not say it; may
   *     be {@code null}
   */
  public static String describe(Throwable failure, String dialedHost) {
    if (failure == null) {
      return "TLS failure (no details)";
    }
    // Most specific causes first: the certificate exceptions sit deep in the cause chain.
    for (Throwable t = failure; t != null; t = next(t)) {
      if (t instanceof HostnameMismatchException) {
        HostnameMismatchException h = (HostnameMismatchException) t;
        String dialed = dialedHost != null ? dialedHost : h.dialedHost();
        return "host name mismatch: certificate is for "
            + String.join(", ", h.certificateNames()) + ", dialed " + dialed;
      }
      if (t instanceof CertificateExpiredException) {
        return "certificate expired" + detail(t, "expired on ");
      }
      if (t instanceof CertificateNotYetValidException) {
        return "certificate not yet valid (check the clocks of host and daemon)"
            + detail(t, "not valid before ");
      }
    }
    for (Throwable t = failure; t != null; t = next(t)) {
      if (t instanceof CertPathValidatorException) {
        CertPathValidatorException v = (CertPathValidatorException) t;
        if (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
          return "certificate expired";
        }
        if (v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
          return "certificate not yet valid (check the clocks of host and daemon)";
        }
      }
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
          || contains(t, "pkix path") || contains(t, "unable to find valid certification path")) {
        return "certificate not trusted (unknown issuer or self-signed mismatch)";
      }
      if (contains(t, "no subject alternative") || contains(t, "no name matching")) {
        // JDK host-name failure that did not go through ChainTrustManager.
        return "host name mismatch: " + t.getMessage() + " (dialed " + dialedHost + ")";
      }
    }
    for (Throwable t = failure; t != null; t = next(t)) {
      if (t instanceof SSLException && contains(t, "unrecognized ssl message")) {
        return NOT_TLS;
      }
      if (t instanceof SSLException
          && (contains(t, "remote host terminated the handshake")
              || contains(t, "remote host closed connection during handshake"))) {
        return NOT_TLS + " (it closed the connection during the TLS handshake)";
      }
      if (t instanceof SocketTimeoutException && contains(t, "read timed out")) {
        return NOT_TLS + " (no TLS handshake reply before the timeout)";
      }
      if (t instanceof EOFException && failure instanceof SSLException) {
        return NOT_TLS + " (it closed the connection during the TLS handshake)";
      }
      if (t instanceof SSLException && contains(t, "received fatal alert")) {
        return "TLS handshake refused by the peer: " + t.getMessage();
      }
    }
    return "TLS handshake failed: " + failure;
  }

  private static Throwable next(Throwable t) {
    Throwable c = t.getCause();
    return c == t ? null : c;
  }

  private static boolean contains(Throwable t, String lowerCaseNeedle) {
    String m = t.getMessage();
    return m != null && m.toLowerCase(Locale.ROOT).contains(lowerCaseNeedle);
  }

  /** The part of our own ChainTrustManager message after {@code marker}, e.g. the date. */
  private static String detail(Throwable t, String marker) {
    String m = t.getMessage();
    int i = m == null ? -1 : m.indexOf(marker);
    return i < 0 ? "" : " (" + m.substring(i) + ")";
  }
}
