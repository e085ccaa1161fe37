package org.mirai4j.internal.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust manager of the daemon side: trusts the servers whose chain leads to one anchor, the last
 * certificate of the chain the daemon was given.
 *
 * <p>Path validation and HTTPS-style host-name checks stay with the JDK's PKIX trust manager;
 * this wrapper adds two things it does not do on its own:
 *
 * <ul>
 *   <li>a validity check of every presented certificate and of the anchor: the JDK accepts a
 *       server certificate that <em>is</em> a trust anchor (the self-signed case) without looking
 *       at its dates, so an expired self-signed certificate would otherwise pass;
 *   <li>a {@link HostnameMismatchException} naming the certificate's names when only the
 *       host-name check fails, so that the daemon can say what it got and what it dialed.
 * </ul>
 */
final class ChainTrustManager extends X509ExtendedTrustManager {

  private final X509Certificate anchor;
  private final X509ExtendedTrustManager pkix;

  ChainTrustManager(X509Certificate anchor) {
    this.anchor = anchor;
    this.pkix = pkixTrusting(anchor);
  }

  private static X509ExtendedTrustManager pkixTrusting(X509Certificate anchor) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("mirai4j-anchor", anchor);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(store);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager) {
          return (X509ExtendedTrustManager) tm;
        }
      }
      throw new IllegalStateException("the JDK's PKIX TrustManagerFactory has no X509 manager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot set up the PKIX trust manager", e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checkDates(chain);
    pkix.checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkDates(chain);
    // Chain first, without the host-name check, so that a later failure of the full check can
    // be attributed to the host name.
    pkix.checkServerTrusted(chain, authType);
    try {
      pkix.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      throw asMismatch(e, chain, socket instanceof SSLSocket
          ? peerHost(((SSLSocket) socket).getHandshakeSession()) : null);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkDates(chain);
    pkix.checkServerTrusted(chain, authType);
    try {
      pkix.checkServerTrusted(chain, authType, engine);
    } catch (CertificateException e) {
      throw asMismatch(e, chain, engine == null ? null : engine.getPeerHost());
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("the daemon-side trust manager does not authenticate clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[] {anchor};
  }

  private void checkDates(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the server sent no certificate");
    }
    Date now = new Date();
    for (X509Certificate c : chain) {
      checkDate(c, now);
    }
    checkDate(anchor, now);
  }

  private static void checkDate(X509Certificate c, Date now) throws CertificateException {
    try {
      c.checkValidity(now);
    } catch (CertificateExpiredException e) {
      CertificateExpiredException x = new CertificateExpiredException(
          "certificate " + c.getSubjectX500Principal().getName() + " expired on "
              + c.getNotAfter().toInstant());
      x.initCause(e);
      throw x;
    } catch (CertificateNotYetValidException e) {
      CertificateNotYetValidException x = new CertificateNotYetValidException(
          "certificate " + c.getSubjectX500Principal().getName() + " is not valid before "
              + c.getNotBefore().toInstant());
      x.initCause(e);
      throw x;
    }
  }

  private static String peerHost(SSLSession session) {
    return session == null ? null : session.getPeerHost();
  }

  private static CertificateException asMismatch(
      CertificateException e, X509Certificate[] chain, String dialedHost) {
    String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    // Messages of the JDK's HostnameChecker; anything else (e.g. algorithm constraints) is
    // passed through untouched.
    boolean identity = msg.contains("subject alternative") || msg.contains("no name matching")
        || msg.contains("domain name");
    return identity ? new HostnameMismatchException(dialedHost, names(chain[0]), e) : e;
  }

  /** DNS and IP subject alternative names of {@code cert}, else its subject's CN. */
  static List<String> names(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      var sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          Object type = san.get(0);
          if ((Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type))
              && san.get(1) instanceof String) {
            names.add((String) san.get(1));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException ignored) {
      // fall back to the CN below
    }
    if (names.isEmpty()) {
      String cn = commonName(cert);
      names.add(cn == null ? cert.getSubjectX500Principal().getName() : cn);
    }
    return names;
  }

  static String commonName(X509Certificate cert) {
    try {
      var dn = new javax.naming.ldap.LdapName(cert.getSubjectX500Principal().getName());
      for (var rdn : dn.getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (javax.naming.InvalidNameException ignored) {
      // no usable CN
    }
    return null;
  }
}
