package org.mirai4j.internal.protocol;

/** Layout of the payloads above the frame: flags and status bytes. */
public final class Payloads {
  /** TASK flag: an everywhere() task, whose state survives cleanup. */
  public static final byte TASK_EVERYWHERE = 1;
  /** TASK flag: a 32-byte random stream state follows the flags. */
  public static final byte TASK_STREAM = 2;

  /** RESULT status: the task's value follows. */
  public static final byte RESULT_VALUE = 0;
  /** RESULT status: a RemoteError follows. */
  public static final byte RESULT_ERROR = 1;
  /** RESULT status: the evaluation was interrupted; nothing follows. */
  public static final byte RESULT_INTERRUPT = 2;

  private Payloads() {}
}
