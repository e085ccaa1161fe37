package org.mirai4j.internal.tls;

import java.security.cert.CertificateException;
import java.util.List;

/**
 * The server's certificate is trusted but issued for other names than the host the daemon
 * dialed.
 *
 * <p>The JDK's own endpoint-identification failure says only which name was not found; this
 * subclass also carries the names the certificate is for, so that {@link TlsErrors} can tell
 * the user both sides of the mismatch (typically: the host URL uses an IP address while the
 * certificate was generated for a DNS name, or the reverse).
 */
public final class HostnameMismatchException extends CertificateException {

  private static final long serialVersionUID = 1L;

  private final String dialedHost;
  private final List<String> certificateNames;

  /**
   * @param dialedHost the host the client dialed, or {@code null} when unknown
   * @param certificateNames the DNS / IP subject alternative names of the certificate (or its
   *     CN when it has none)
   * @param cause the JDK's endpoint-identification failure
   */
  public HostnameMismatchException(
      String dialedHost, List<String> certificateNames, Throwable cause) {
    super(
        "host name mismatch: certificate is for " + String.join(", ", certificateNames)
            + ", dialed " + dialedHost,
        cause);
    this.dialedHost = dialedHost;
    this.certificateNames = List.copyOf(certificateNames);
  }

  /** The host the client dialed, or {@code null} when it was not known. */
  public String dialedHost() {
    return dialedHost;
  }

  /** The names (DNS names and IP addresses, else the CN) the certificate was issued for. */
  public List<String> certificateNames() {
    return certificateNames;
  }
}
