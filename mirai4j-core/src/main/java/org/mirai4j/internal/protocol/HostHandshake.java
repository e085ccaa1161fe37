package org.mirai4j.internal.protocol;

import java.nio.ByteBuffer;

/**
 * The host's role in handshake v2 for one connection: the HELLO it sends, then the check of
 * the daemon's AUTH and the WELCOME that answers it. Pure: no I/O, so it is tested and fuzzed
 * on its own.
 */
public final class HostHandshake {
  private final byte[] secret;
  private final boolean integrity;
  private final byte[] hello;
  private final byte[] hostNonce;

  /**
   * @param secret the profile's secret
   * @param integrity whether this transport needs frame MACs (tcp://, ws://)
   */
  public HostHandshake(byte[] secret, boolean integrity) {
    this.secret = secret;
    this.integrity = integrity;
    this.hostNonce = Handshake.nonce();
    this.hello = ByteBuffer.allocate(HELLO_BYTES)
        .put(Handshake.MAGIC).put(Handshake.VERSION).put(hostNonce).array();
  }

  /** A length-prefixed string of an AUTH, checked against what is left before the proof. */
  private static byte[] string(ByteBuffer in, int authLength) throws ProtocolException {
    int length = Short.toUnsignedInt(in.getShort());
    if (length > in.remaining() - Handshake.PROOF_BYTES) {
      throw new ProtocolException("malformed AUTH of " + authLength + " bytes");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  /** Bytes of a HELLO payload: magic, version, host nonce. */
  public static final int HELLO_BYTES = Handshake.MAGIC.length + 1 + Handshake.NONCE_BYTES;

  /** The HELLO payload. */
  public byte[] hello() {
    return hello.clone();
  }

  /**
   * A daemon that proved it holds the secret.
   *
   * @param dispatcher whether it expects a dispatcher
   * @param pid its process id, as it said under its proof
   * @param hostName its machine's name, as it said under its proof
   * @param labels its labels, as it said under its proof
   * @param welcome the WELCOME payload to send it
   * @param inbound the MAC of frames from it, or null without integrity
   * @param outbound the MAC of frames to it (after the WELCOME), or null
   */
  public record Accepted(
      boolean dispatcher, long pid, String hostName, java.util.List<String> labels,
      byte[] welcome, FrameMac inbound, FrameMac outbound) {}

  /**
   * Checks an AUTH payload and builds the WELCOME.
   *
   * @param auth the AUTH payload
   * @param heartbeatMillis the heartbeat interval the daemon must keep, 0 for none
   * @param stream the daemon's random stream state
   * @param configFollows whether a CONFIG frame follows the WELCOME
   * @throws ProtocolException naming what is wrong: size, version, proof
   */
  public Accepted accept(byte[] auth, int heartbeatMillis, byte[] stream, boolean configFollows)
      throws ProtocolException {
    if (auth.length < 1) {
      throw new ProtocolException("malformed AUTH of 0 bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(auth);
    byte version = in.get();
    if (version != Handshake.VERSION) {
      throw new ProtocolException("protocol version mismatch: daemon speaks v" + version
          + ", this host v" + Handshake.VERSION);
    }
    if (auth.length < DaemonHandshake.AUTH_FIXED_BYTES
        || auth.length > DaemonHandshake.AUTH_FIXED_BYTES + DaemonHandshake.AUTH_STRING_BYTES) {
      throw new ProtocolException("malformed AUTH of " + auth.length + " bytes");
    }
    byte flags = in.get();
    byte[] daemonNonce = new byte[Handshake.NONCE_BYTES];
    in.get(daemonNonce);
    long pid = in.getLong();
    byte[] hostName = string(in, auth.length);
    byte[] labels = string(in, auth.length);
    if (in.remaining() != Handshake.PROOF_BYTES) {
      throw new ProtocolException("malformed AUTH of " + auth.length + " bytes");
    }
    byte[] proof = new byte[Handshake.PROOF_BYTES];
    int signed = in.position();
    in.get(proof);
    Handshake.Keys keys = Handshake.Keys.derive(secret, hostNonce, daemonNonce);
    byte[] expected = Handshake.hmac(keys.proof(), Handshake.DAEMON_LABEL, hello,
        java.util.Arrays.copyOf(auth, signed));
    if (!Handshake.verify(expected, proof)) {
      throw new ProtocolException("wrong secret (or an altered handshake)");
    }
    // Either side may ask for frame MACs (a daemon behind a TLS-terminating proxy dials wss://
    // a ws:// host): the host grants the union, under its proof.
    boolean macs = integrity || (flags & Handshake.FLAG_INTEGRITY) != 0;
    byte welcomeFlags = (byte) ((flags & Handshake.FLAG_DISPATCHER)
        | (macs ? Handshake.FLAG_INTEGRITY : 0) | (configFollows ? Handshake.FLAG_CONFIG : 0));
    if (stream.length != DaemonHandshake.STREAM_BYTES) {
      throw new IllegalArgumentException("stream state of " + stream.length + " bytes");
    }
    byte[] body = ByteBuffer.allocate(DaemonHandshake.WELCOME_BYTES - Handshake.PROOF_BYTES)
        .put(welcomeFlags).putInt(heartbeatMillis).put(stream).array();
    byte[] hostProof = Handshake.hmac(keys.proof(), Handshake.HOST_LABEL, hello, auth, body);
    byte[] welcome = ByteBuffer.allocate(DaemonHandshake.WELCOME_BYTES)
        .put(hostProof).put(body).array();
    String labelText = new String(labels, java.nio.charset.StandardCharsets.UTF_8);
    return new Accepted((flags & Handshake.FLAG_DISPATCHER) != 0, pid,
        new String(hostName, java.nio.charset.StandardCharsets.UTF_8),
        labelText.isEmpty() ? java.util.List.of() : java.util.List.of(labelText.split(",")),
        welcome,
        macs ? new FrameMac(keys.daemonToHost()) : null,
        macs ? new FrameMac(keys.hostToDaemon()) : null);
  }
}
