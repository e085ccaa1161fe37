package org.mirai4j.internal.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shared pieces of handshake v2 (see the package docs): constants, nonces, the key schedule
 * (HKDF-SHA256 of the secret, salted with both nonces) and the transcript MAC. The two roles are
 * {@link HostHandshake} and {@link DaemonHandshake}.
 */
public final class Handshake {
  /** Protocol version; a peer with another version is refused with a message naming both. */
  public static final byte VERSION = 2;

  static final byte[] MAGIC = {'M', '4', 'J'};
  public static final int NONCE_BYTES = 32;
  public static final int PROOF_BYTES = 32;

  /** AUTH and WELCOME flag: the daemon expects a dispatcher (R: {@code daemon(dispatcher = TRUE)}). */
  public static final byte FLAG_DISPATCHER = 1;
  /** AUTH and WELCOME flag: every frame after the handshake carries a MAC. */
  public static final byte FLAG_INTEGRITY = 2;
  /** WELCOME flag: a CONFIG frame follows (serializer registrations). */
  public static final byte FLAG_CONFIG = 4;

  static final byte[] DAEMON_LABEL = ascii("mirai4j v2 daemon proof");
  static final byte[] HOST_LABEL = ascii("mirai4j v2 host proof");
  private static final byte[] PROOF_KEY = ascii("mirai4j v2 proof key");
  private static final byte[] HOST_TO_DAEMON_KEY = ascii("mirai4j v2 host to daemon");
  private static final byte[] DAEMON_TO_HOST_KEY = ascii("mirai4j v2 daemon to host");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Handshake() {}

  /** A new random secret, as 64 hex characters. */
  public static String newSecret() {
    return HexFormat.of().formatHex(nonce());
  }

  /** A fresh random nonce. */
  public static byte[] nonce() {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return nonce;
  }

  /** The secret's key bytes (its text, so any string a user picks works). */
  public static byte[] secretBytes(String secret) {
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  /** Compares MACs in constant time. */
  static boolean verify(byte[] expected, byte[] actual) {
    return MessageDigest.isEqual(expected, actual);
  }

  /**
   * The keys of one connection, derived with HKDF-SHA256 (RFC 5869) from the secret, salted
   * with both nonces: a key per purpose and direction, fresh for every connection, so neither a
   * proof nor a frame MAC of one connection is worth anything on another.
   */
  record Keys(byte[] proof, byte[] hostToDaemon, byte[] daemonToHost) {
    static Keys derive(byte[] secret, byte[] hostNonce, byte[] daemonNonce) {
      byte[] salt = new byte[hostNonce.length + daemonNonce.length];
      System.arraycopy(hostNonce, 0, salt, 0, hostNonce.length);
      System.arraycopy(daemonNonce, 0, salt, hostNonce.length, daemonNonce.length);
      byte[] prk = hmac(salt, secret);
      return new Keys(expand(prk, PROOF_KEY), expand(prk, HOST_TO_DAEMON_KEY),
          expand(prk, DAEMON_TO_HOST_KEY));
    }

    /** HKDF-Expand for one 32-byte block: T(1) = HMAC(prk, info | 0x01). */
    private static byte[] expand(byte[] prk, byte[] info) {
      return hmac(prk, info, new byte[] {1});
    }
  }

  /** HMAC-SHA256 of the parts, in order. */
  static byte[] hmac(byte[] key, byte[]... parts) {
    Mac mac = newMac(key);
    for (byte[] part : parts) {
      mac.update(part);
    }
    return mac.doFinal();
  }

  static Mac newMac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
