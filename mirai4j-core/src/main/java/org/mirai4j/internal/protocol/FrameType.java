package org.mirai4j.internal.protocol;

/** The kinds of frame; the byte is the one on the wire. */
public enum FrameType {
  /** host → daemon: magic, version, host nonce. */
  HELLO(1),
  /** daemon → host: version, flags, daemon nonce, pid, proof. */
  AUTH(2),
  /** host → daemon: host proof, then the connection's settings (heartbeat, stream, flags). */
  WELCOME(3),
  /** host → daemon: a task to evaluate, tagged with its id. */
  TASK(4),
  /** daemon → host: the outcome of the task with that id. */
  RESULT(5),
  /** daemon → host: the outcome of the daemon's last task; the daemon exits after the ACK. */
  LAST_RESULT(6),
  /** host → daemon: the last result arrived; exit now. */
  ACK(7),
  /** host → daemon: stop evaluating the task with that id, if it still is. */
  CANCEL(8),
  /** host → daemon: exit, even when persistent. */
  EXIT(9),
  /**
   * daemon → host: leaving while idle (idletime, walltime; payload: the exit code). The host
   * takes it out of scheduling, gives back any task it sent meanwhile, and answers ACK.
   */
  BYE(10),
  /** daemon → host: send the bytes of the class named in the payload (code shipping). */
  CLASS_REQUEST(11),
  /** host → daemon: the answer to the CLASS_REQUEST with the same id. */
  CLASS_DATA(12),
  /** either way: nothing to say, still alive (sent when a heartbeat interval passed silent). */
  HEARTBEAT(13),
  /** host → daemon, right after WELCOME when it says so: serializer registrations. */
  CONFIG(14);

  private static final FrameType[] BY_CODE = new FrameType[16];

  static {
    for (FrameType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  private final byte code;

  FrameType(int code) {
    this.code = (byte) code;
  }

  /** The byte on the wire. */
  public byte code() {
    return code;
  }

  /**
   * The type for a wire byte.
   *
   * @throws ProtocolException for an unknown byte
   */
  public static FrameType of(byte code) throws ProtocolException {
    FrameType type = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    if (type == null) {
      throw new ProtocolException("unknown frame type " + code);
    }
    return type;
  }
}
