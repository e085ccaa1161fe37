package org.mirai4j.internal.dispatch;

import org.mirai4j.ErrorValue;
import org.mirai4j.internal.protocol.Payloads;

/**
 * How a task resolved, still encoded: the daemon's RESULT payload (status byte, then the value
 * or the RemoteError), or an error value the host decided on.
 *
 * @param payload the RESULT payload, or null for an error value
 * @param errorValue the error value, or null
 */
public record TaskOutcome(byte[] payload, ErrorValue errorValue) {
  public static final TaskOutcome CANCELED = new TaskOutcome(null, ErrorValue.CANCELED);
  public static final TaskOutcome TIMED_OUT = new TaskOutcome(null, ErrorValue.TIMED_OUT);
  public static final TaskOutcome CONNECTION_RESET =
      new TaskOutcome(null, ErrorValue.CONNECTION_RESET);

  /** The RESULT status byte, or -1 for an error value. */
  public byte status() {
    return payload == null ? -1 : payload[0];
  }

  /** Whether the daemon sent a value. */
  public boolean isValue() {
    return payload != null && payload[0] == Payloads.RESULT_VALUE;
  }
}
