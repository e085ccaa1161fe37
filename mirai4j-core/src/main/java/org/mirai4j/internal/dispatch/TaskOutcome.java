package org.mirai4j.internal.dispatch;

import org.mirai4j.ErrorValue;
import org.mirai4j.internal.protocol.Payloads;

/**
 * How a task resolved, still encoded: the daemon's RESULT payload (status byte, then the value
 * or the RemoteError), or an error value the host decided on, with an optional message.
 *
 * <p>The payload is dropped by {@link #release()} once the mirai has decoded it, so a resolved
 * mirai holds its value and not the bytes it came in as well; the status byte is kept.
 */
public final class TaskOutcome {
  public static final TaskOutcome CANCELED = new TaskOutcome(null, ErrorValue.CANCELED);
  public static final TaskOutcome TIMED_OUT = new TaskOutcome(null, ErrorValue.TIMED_OUT);
  public static final TaskOutcome CONNECTION_RESET =
      new TaskOutcome(null, ErrorValue.CONNECTION_RESET);

  private volatile byte[] payload;
  private final byte status;
  private final ErrorValue errorValue;
  private final String message;

  /**
   * @param payload the RESULT payload, or null for an error value
   * @param errorValue the error value, or null
   */
  public TaskOutcome(byte[] payload, ErrorValue errorValue) {
    this(payload, errorValue, null);
  }

  /**
   * @param payload the RESULT payload, or null for an error value
   * @param errorValue the error value, or null
   * @param message what the error value's exception says, or null for its default
   */
  public TaskOutcome(byte[] payload, ErrorValue errorValue, String message) {
    this.payload = payload;
    this.status = payload == null ? -1 : payload[0];
    this.errorValue = errorValue;
    this.message = message;
  }

  /** The RESULT payload; null for an error value or once released. */
  public byte[] payload() {
    return payload;
  }

  /** The error value, or null. */
  public ErrorValue errorValue() {
    return errorValue;
  }

  /** The message for the error value's exception, or null for its default. */
  public String message() {
    return message;
  }

  /** The RESULT status byte, or -1 for an error value. */
  public byte status() {
    return status;
  }

  /** Whether the daemon sent a value. */
  public boolean isValue() {
    return status == Payloads.RESULT_VALUE;
  }

  /** Drops the payload once decoded: the decoded value is what the mirai keeps. */
  public void release() {
    payload = null;
  }
}
