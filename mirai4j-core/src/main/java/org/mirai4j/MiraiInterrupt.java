package org.mirai4j;

/**
 * The evaluation was interrupted on its daemon (R: 'miraiInterrupt'), for example because the
 * task itself was interrupted while the mirai was not canceled from the host.
 */
public class MiraiInterrupt extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public MiraiInterrupt() {
    super("the evaluation was interrupted on its daemon");
  }
}
