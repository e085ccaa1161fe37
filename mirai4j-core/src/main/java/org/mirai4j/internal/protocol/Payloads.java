package org.mirai4j.internal.protocol;

/** Layout of the payloads above the frame: flags and status bytes. */
public final class Payloads {
  /** TASK flag: an everywhere() task, whose state survives cleanup. */
  public static final byte TASK_EVERYWHERE = 1;
  /** TASK flag: a 32-byte random stream state follows the flags. */
  public static final byte TASK_STREAM = 2;
  /**
   * TASK flag: the payload ends with the submitter's W3C trace context (see {@link
   * org.mirai4j.internal.otel.TaskTrace}); a daemon that predates it ignores both.
   */
  public static final byte TASK_TRACE = 4;

  /** RESULT status: the task's value follows. */
  public static final byte RESULT_VALUE = 0;
  /** RESULT status: a RemoteError follows. */
  public static final byte RESULT_ERROR = 1;
  /** RESULT status: the evaluation was interrupted; nothing follows. */
  public static final byte RESULT_INTERRUPT = 2;

  private Payloads() {}
}
