package org.mirai4j;

/**
 * Why a mirai resolved without a value from its task (R: 'errorValue'). The codes are mirai's
 * (and NNG's), so logs and tooling read the same on both sides.
 */
public enum ErrorValue {
  /** The task exceeded its {@link Opts#timeout(java.time.Duration) timeout}. */
  TIMED_OUT(5, "Timed out"),
  /** The daemon evaluating it went away, or the daemons were reset. */
  CONNECTION_RESET(19, "Connection reset"),
  /** The mirai was canceled. */
  CANCELED(20, "Operation canceled");

  private final int code;
  private final String message;

  ErrorValue(int code, String message) {
    this.code = code;
    this.message = message;
  }

  /** The numeric code, as mirai's errorValue: 5, 19 or 20. */
  public int code() {
    return code;
  }

  /** A short human description, e.g. "Connection reset". */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return code + " | " + message;
  }
}
