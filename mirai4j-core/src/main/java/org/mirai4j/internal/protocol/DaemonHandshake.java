package org.mirai4j.internal.protocol;

import java.nio.ByteBuffer;

/**
 * The daemon's role in handshake v2 for one connection: it reads the host's HELLO, answers
 * AUTH, and checks the WELCOME. Pure: no I/O, so it is tested and fuzzed on its own.
 */
public final class DaemonHandshake {
  /**
   * Bytes of an AUTH payload without its two strings: version, flags, daemon nonce, pid, the
   * strings' lengths, proof.
   */
  public static final int AUTH_FIXED_BYTES =
      2 + Handshake.NONCE_BYTES + 8 + 2 + 2 + Handshake.PROOF_BYTES;
  /** Most bytes the host name and labels of an AUTH may take together (UTF-8). */
  public static final int AUTH_STRING_BYTES = 768;
  /** Bytes of the random stream state a WELCOME carries. */
  public static final int STREAM_BYTES = 32;
  /** Bytes of a WELCOME payload: proof, flags, heartbeat, stream state. */
  public static final int WELCOME_BYTES = Handshake.PROOF_BYTES + 1 + 4 + STREAM_BYTES;

  private final byte[] secret;
  private final byte flags;
  private final long pid;
  private final byte[] hostName;
  private final byte[] labels;
  private byte[] hello;
  private byte[] auth;
  private Handshake.Keys keys;

  /**
   * @param secret the profile's secret
   * @param dispatcher whether this daemon expects a dispatcher
   * @param integrity whether this transport needs frame MACs (tcp://, ws://)
   * @param pid this process's id, sent under the proof
   * @param hostName the name of this daemon's machine, as it knows it
   * @param labels what this daemon offers (e.g. "gpu"), matched against what tasks require
   * @throws IllegalArgumentException when the host name and labels take more than {@link
   *     #AUTH_STRING_BYTES} bytes, or a label is empty or holds a comma
   */
  public DaemonHandshake(byte[] secret, boolean dispatcher, boolean integrity, long pid,
      String hostName, java.util.List<String> labels) {
    this.secret = secret;
    this.flags = (byte) ((dispatcher ? Handshake.FLAG_DISPATCHER : 0)
        | (integrity ? Handshake.FLAG_INTEGRITY : 0));
    this.pid = pid;
    for (String label : labels) {
      if (label.isEmpty() || label.contains(",")) {
        throw new IllegalArgumentException("a label must be non-empty, without commas: '"
            + label + "'");
      }
    }
    this.hostName = hostName.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.labels = String.join(",", labels).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (this.hostName.length + this.labels.length > AUTH_STRING_BYTES) {
      throw new IllegalArgumentException("host name and labels take "
          + (this.hostName.length + this.labels.length) + " bytes, over " + AUTH_STRING_BYTES);
    }
  }

  /** A daemon with no labels, on a machine whose name does not matter (tests). */
  public DaemonHandshake(byte[] secret, boolean dispatcher, boolean integrity, long pid) {
    this(secret, dispatcher, integrity, pid, "localhost", java.util.List.of());
  }

  /**
   * Reads a HELLO payload and returns the AUTH payload that answers it.
   *
   * @throws ProtocolException when the peer is not a mirai4j host or speaks another version
   */
  public byte[] auth(byte[] helloPayload) throws ProtocolException {
    if (helloPayload.length < Handshake.MAGIC.length + 1) {
      throw new ProtocolException("the peer is not a mirai4j host (short greeting)");
    }
    for (int i = 0; i < Handshake.MAGIC.length; i++) {
      if (helloPayload[i] != Handshake.MAGIC[i]) {
        throw new ProtocolException("the peer is not a mirai4j host (bad magic)");
      }
    }
    byte version = helloPayload[Handshake.MAGIC.length];
    if (version != Handshake.VERSION) {
      throw new ProtocolException("protocol version mismatch: host speaks v" + version
          + ", this daemon v" + Handshake.VERSION);
    }
    if (helloPayload.length != HostHandshake.HELLO_BYTES) {
      throw new ProtocolException("malformed HELLO of " + helloPayload.length + " bytes");
    }
    byte[] hostNonce = new byte[Handshake.NONCE_BYTES];
    System.arraycopy(helloPayload, Handshake.MAGIC.length + 1, hostNonce, 0, hostNonce.length);
    byte[] daemonNonce = Handshake.nonce();
    hello = helloPayload.clone();
    keys = Handshake.Keys.derive(secret, hostNonce, daemonNonce);
    byte[] signed = ByteBuffer.allocate(
            AUTH_FIXED_BYTES - Handshake.PROOF_BYTES + hostName.length + labels.length)
        .put(Handshake.VERSION).put(flags).put(daemonNonce).putLong(pid)
        .putShort((short) hostName.length).put(hostName)
        .putShort((short) labels.length).put(labels).array();
    byte[] proof = Handshake.hmac(keys.proof(), Handshake.DAEMON_LABEL, hello, signed);
    auth = ByteBuffer.allocate(signed.length + proof.length).put(signed).put(proof).array();
    return auth.clone();
  }

  /**
   * What the host's WELCOME set up.
   *
   * @param heartbeatMillis the heartbeat interval, 0 for none
   * @param stream this daemon's random stream state
   * @param configFollows whether a CONFIG frame follows
   * @param inbound the MAC of frames from the host, or null without integrity
   * @param outbound the MAC of frames to the host, or null
   */
  public record Welcomed(int heartbeatMillis, byte[] stream, boolean configFollows,
      FrameMac inbound, FrameMac outbound) {}

  /**
   * Checks the WELCOME payload: the host's proof over the whole exchange first, then its
   * fields.
   *
   * @throws ProtocolException when the host cannot prove the secret or the WELCOME is malformed
   * @throws IllegalStateException before {@link #auth}
   */
  public Welcomed welcome(byte[] welcome) throws ProtocolException {
    if (keys == null) {
      throw new IllegalStateException("WELCOME before HELLO");
    }
    if (welcome.length != WELCOME_BYTES) {
      throw new ProtocolException("malformed WELCOME of " + welcome.length + " bytes"
          + " (expected " + WELCOME_BYTES + ")");
    }
    byte[] proof = java.util.Arrays.copyOf(welcome, Handshake.PROOF_BYTES);
    byte[] body = java.util.Arrays.copyOfRange(welcome, Handshake.PROOF_BYTES, welcome.length);
    byte[] expected = Handshake.hmac(keys.proof(), Handshake.HOST_LABEL, hello, auth, body);
    if (!Handshake.verify(expected, proof)) {
      throw new ProtocolException("the host failed to prove the secret");
    }
    ByteBuffer in = ByteBuffer.wrap(body);
    byte welcomeFlags = in.get();
    int heartbeat = in.getInt();
    if (heartbeat < 0) {
      throw new ProtocolException("negative heartbeat interval " + heartbeat);
    }
    byte[] stream = new byte[STREAM_BYTES];
    in.get(stream);
    boolean macs = (welcomeFlags & Handshake.FLAG_INTEGRITY) != 0;
    if ((flags & Handshake.FLAG_INTEGRITY) != 0 && !macs) {
      throw new ProtocolException("the host refused frame integrity on a transport without TLS");
    }
    return new Welcomed(heartbeat, stream, (welcomeFlags & Handshake.FLAG_CONFIG) != 0,
        macs ? new FrameMac(keys.hostToDaemon()) : null,
        macs ? new FrameMac(keys.daemonToHost()) : null);
  }
}
