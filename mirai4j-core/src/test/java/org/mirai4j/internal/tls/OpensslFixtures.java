package org.mirai4j.internal.tls;

/**
 * Files written by the openssl command line (OpenSSL 3), to check that {@link TlsMaterial}
 * reads what users actually have, not only what BouncyCastle writes. Password: "pw". The
 * certificate is self-signed for IP 127.0.0.1, valid until 2036.
 */
final class OpensslFixtures {

  private OpensslFixtures() {}

  /** {@code openssl req -x509 -addext subjectAltName=IP:127.0.0.1 -days 3650}. */
  static final String CERT =
      "-----BEGIN CERTIFICATE-----" + "\n"
      + "MIIBjzCCATSgAwIBAgIUAP3hHnYvuIUw/1ne5o8t/3JoaQswCgYIKoZIzj0EAwIw" + "\n"
      + "FDESMBAGA1UEAwwJMTI3LjAuMC4xMB4XDTI2MTEyNjE5MDcxNloXDTM2MTEyMzE5" + "\n"
      + "MDcxNlowFDESMBAGA1UEAwwJMTI3LjAuMC4xMFkwEwYHKoZIzj0CAQYIKoZIzj0D" + "\n"
      + "AQcDQgAEO8rp5hbFALQIA5Svj34rH0azMui7Guz6yBylRH91CWEO161tQaF4PxE7" + "\n"
      + "dqhSW5rb203Sk7sF32fSweHkVG1gOaNkMGIwHQYDVR0OBBYEFGc9XWmwdZPu0VD/" + "\n"
      + "7CqRia2aTD+dMB8GA1UdIwQYMBaAFGc9XWmwdZPu0VD/7CqRia2aTD+dMA8GA1Ud" + "\n"
      + "EwEB/wQFMAMBAf8wDwYDVR0RBAgwBocEfwAAATAKBggqhkjOPQQDAgNJADBGAiEA" + "\n"
      + "l0PZ1MTomdabBOQE6aLKfMN1zNKwEinkfeLFgv4w0yoCIQC3R7Y5ArSiQWZUgpNj" + "\n"
      + "N9fRL2HTNDH2sBQfXSVGyKhRbg==" + "\n"
      + "-----END CERTIFICATE-----" + "\n";

  /** {@code openssl ecparam -genkey}: an EC PARAMETERS block, then the SEC1 key. */
  static final String EC_KEY =
      "-----BEGIN EC PARAMETERS-----" + "\n"
      + "BggqhkjOPQMBBw==" + "\n"
      + "-----END EC PARAMETERS-----" + "\n"
      + "-----BEGIN EC PRIVATE KEY-----" + "\n"
      + "MHcCAQEEIKzUnKtCW19srHZ5NdkZpObMDHCxDkMBb+xvFPJ6lSqBoAoGCCqGSM49" + "\n"
      + "AwEHoUQDQgAEO8rp5hbFALQIA5Svj34rH0azMui7Guz6yBylRH91CWEO161tQaF4" + "\n"
      + "PxE7dqhSW5rb203Sk7sF32fSweHkVG1gOQ==" + "\n"
      + "-----END EC PRIVATE KEY-----" + "\n";

  /** {@code openssl ec -aes256}: traditional SEC1 key with Proc-Type / DEK-Info. */
  static final String EC_KEY_AES256 =
      "-----BEGIN EC PRIVATE KEY-----" + "\n"
      + "Proc-Type: 4,ENCRYPTED" + "\n"
      + "DEK-Info: AES-256-CBC,A5E3D070A16CBA404FF5EAEE4E3777CE" + "\n"
      + "" + "\n"
      + "QJg27Jg0VBFo4U086K8kpo9ApORsKJrrhG3Xm7cw9MM0mAh/RVv53u/6+D4vtO9q" + "\n"
      + "J/dxy3zcw84UU8sAYfnlyE+USZi3LI73BClwkB46ejjDt9QeAROE9+ejpXeVDNhb" + "\n"
      + "++Oo5fggfqvmpSqEMT+WQgf6OpM5kXose879wLk6WBw=" + "\n"
      + "-----END EC PRIVATE KEY-----" + "\n";

  /** {@code openssl pkcs8 -topk8}: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC). */
  static final String PKCS8_PBES2 =
      "-----BEGIN ENCRYPTED PRIVATE KEY-----" + "\n"
      + "MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAi3paEAhKz8iAICCAAw" + "\n"
      + "DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEMqWDEIrHYcQTmT3dEGV/JwEgZCw" + "\n"
      + "ySyfuoTD0pQ7xRl09HUG+gzf3PVxhKZEGhCapPmOuHhWIHxffv6aocAxzTZJjm/N" + "\n"
      + "YFzwdnsDJnZenBS3GA+CcgqmWw2Do3cfBdK4rWrSCAJbwvjFhp/36R5blrbzxAV/" + "\n"
      + "OAv/zeuo+nBnwn0ZM2rPcUquI7FMAA0R2elUhtyo4Op5xHFxZ+PaF6azzYehO5Q=" + "\n"
      + "-----END ENCRYPTED PRIVATE KEY-----" + "\n";

  /** {@code openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES}: a legacy PKCS#12 PBE scheme. */
  static final String PKCS8_PBE_SHA1_3DES =
      "-----BEGIN ENCRYPTED PRIVATE KEY-----" + "\n"
      + "MIGxMBwGCiqGSIb3DQEMAQMwDgQIaL1wxP8dw/QCAggABIGQTCh5GpiONHJt6Q0m" + "\n"
      + "tKwbBns2jViKOIGT7IXbUFdAZl7LDbZAPG0SDAaH6GHHjC+qP4I3Af4y7c8sH76W" + "\n"
      + "8WNasDvLiWW/+XAxIDElXhqYG6zgfy33HzYxhKZyi0RQ3zfF10yaWM36RNFTuCqL" + "\n"
      + "b5JBx66FJ8dLMYa803O/bPKgdPKEfDOQlkczD8e0kEvrI7hg" + "\n"
      + "-----END ENCRYPTED PRIVATE KEY-----" + "\n";
}
