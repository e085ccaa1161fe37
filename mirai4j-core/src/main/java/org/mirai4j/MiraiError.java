package org.mirai4j;

import java.util.List;

/**
 * The task threw on its daemon (R: 'miraiError'). The remote exception is carried as data, so
 * its class need not exist on the host: {@link #getMessage()} is the task's message,
 * {@link #getStackTrace()} the remote frames, {@link #getCause()} the remote cause chain (each a
 * {@code MiraiError}), {@link #remoteClassName()} and {@link #conditionClasses()} say what it
 * was.
 *
 * <pre>{@code
 * try {
 *   Mirai.mirai(() -> 1 / 0).get();
 * } catch (ExecutionException e) {
 *   MiraiError error = (MiraiError) e.getCause();
 *   error.remoteClassName();   // "java.lang.ArithmeticException"
 *   error.getMessage();        // "/ by zero"
 * }
 * }</pre>
 */
public class MiraiError extends Exception {
  private static final long serialVersionUID = 1L;
  private final String remoteClassName;
  private final List<String> conditionClasses;

  /**
   * Creates an error describing a remote exception.
   *
   * @param remoteClassName the remote exception's class name
   * @param message the remote exception's message (may be null)
   * @param conditionClasses the class then its superclasses
   * @param stackTrace the remote frames
   * @param cause the remote cause, or null
   */
  public MiraiError(
      String remoteClassName,
      String message,
      List<String> conditionClasses,
      StackTraceElement[] stackTrace,
      MiraiError cause) {
    super(message, cause);
    this.remoteClassName = remoteClassName;
    this.conditionClasses = List.copyOf(conditionClasses);
    setStackTrace(stackTrace);
  }

  /** The remote exception's class name, e.g. {@code "java.lang.ArithmeticException"}. */
  public String remoteClassName() {
    return remoteClassName;
  }

  /**
   * The remote exception's class then its superclasses (R: {@code condition.class}), e.g.
   * {@code [java.lang.ArithmeticException, java.lang.RuntimeException, java.lang.Exception,
   * java.lang.Throwable]}.
   */
  public List<String> conditionClasses() {
    return conditionClasses;
  }

  @Override
  public String toString() {
    String message = getLocalizedMessage();
    return "MiraiError[" + remoteClassName + "]" + (message == null ? "" : ": " + message);
  }
}
