package org.mirai4j.internal.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Challenge–response on a shared secret (HMAC-SHA256). Each side sends a fresh nonce and proves
 * it holds the secret by a MAC over both nonces, so a recorded exchange cannot be replayed and
 * the secret never crosses the wire.
 */
public final class Handshake {
  /** Protocol version; a peer with another version is refused with a message naming both. */
  public static final byte VERSION = 1;

  static final byte[] MAGIC = {'M', '4', 'J'};
  public static final int NONCE_BYTES = 32;
  public static final int PROOF_BYTES = 32;
  private static final byte[] DAEMON_LABEL = "daemon".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HOST_LABEL = "host".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Daemon flag: it expects a dispatcher (R: {@code daemon(dispatcher = TRUE)}). */
  public static final byte FLAG_DISPATCHER = 1;

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

  /** The HELLO payload: magic, version, host nonce. */
  public static byte[] hello(byte[] hostNonce) {
    return ByteBuffer.allocate(MAGIC.length + 1 + NONCE_BYTES)
        .put(MAGIC)
        .put(VERSION)
        .put(hostNonce)
        .array();
  }

  /**
   * Reads a HELLO payload and returns the host nonce.
   *
   * @throws ProtocolException when the peer is not a mirai4j host or speaks another version
   */
  public static byte[] readHello(ByteBuffer payload) throws ProtocolException {
    if (payload.remaining() < MAGIC.length + 1 + NONCE_BYTES) {
      throw new ProtocolException("the peer is not a mirai4j host (short greeting)");
    }
    for (byte b : MAGIC) {
      if (payload.get() != b) {
        throw new ProtocolException("the peer is not a mirai4j host (bad magic)");
      }
    }
    byte version = payload.get();
    if (version != VERSION) {
      throw new ProtocolException(
          "protocol version mismatch: host speaks v" + version + ", this daemon v" + VERSION);
    }
    byte[] hostNonce = new byte[NONCE_BYTES];
    payload.get(hostNonce);
    return hostNonce;
  }

  /** Bytes of an AUTH payload. */
  public static final int AUTH_BYTES = 2 + NONCE_BYTES + PROOF_BYTES + 8;

  /** The AUTH payload: version, flags, daemon nonce, daemon proof, the daemon's process id. */
  public static byte[] auth(byte flags, byte[] daemonNonce, byte[] proof, long pid) {
    return ByteBuffer.allocate(AUTH_BYTES)
        .put(VERSION)
        .put(flags)
        .put(daemonNonce)
        .put(proof)
        .putLong(pid)
        .array();
  }

  /** The daemon's proof: it holds the secret and saw this host nonce. */
  public static byte[] daemonProof(byte[] secret, byte[] hostNonce, byte[] daemonNonce) {
    return mac(secret, DAEMON_LABEL, hostNonce, daemonNonce);
  }

  /** The host's proof: it holds the secret and saw this daemon nonce. */
  public static byte[] hostProof(byte[] secret, byte[] daemonNonce, byte[] hostNonce) {
    return mac(secret, HOST_LABEL, daemonNonce, hostNonce);
  }

  /** Compares proofs in constant time. */
  public static boolean verify(byte[] expected, byte[] actual) {
    return MessageDigest.isEqual(expected, actual);
  }

  /** The secret's key bytes (its text, so any string a user picks works). */
  public static byte[] secretBytes(String secret) {
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] mac(byte[] secret, byte[] label, byte[] first, byte[] second) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(label);
      mac.update(first);
      mac.update(second);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }
}
