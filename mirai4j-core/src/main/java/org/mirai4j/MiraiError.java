package org.mirai4j;

import java.util.List;
import java.util.Optional;

/**
 * The task threw on its daemon (R: 'miraiError'). The remote exception is carried as data, so
 * its class need not exist on the host: {@link #getMessage()} is the task's message,
 * {@link #getStackTrace()} the remote frames, {@link #getCause()} the remote cause chain (each a
 * {@code MiraiError}), {@link #getSuppressed()} the exceptions it suppressed (each a {@code
 * MiraiError}), {@link #remoteClassName()} and {@link #conditionClasses()} say what it was. The
 * stack traces end where the task began: the daemon's own frames are trimmed.
 *
 * <p>When the exception's class also resolves on the host (and it is serializable, and passes
 * the deserialization filter), {@link #original()} gives the exception itself, as the task threw
 * it, with its own fields, cause chain and suppressed exceptions: catch it by type, as with RMI's
 * {@code ServerException}. The thrown type stays {@code MiraiError} either way, so code works
 * the same whether or not the class is on the host.
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
  private Throwable original;

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

  /**
   * The exception the task threw, rebuilt on the host, when its class resolves here; empty when
   * it does not (a class only the daemon has), when it could not be serialized, when the
   * deserialization filter refused it, and for failures of mirai4j's own (a task or value that
   * cannot be serialized). Its stack traces are trimmed as this error's are.
   *
   * <pre>{@code
   * try {
   *   mirai.get();
   * } catch (ExecutionException e) {
   *   if (e.getCause() instanceof MiraiError m
   *       && m.original().orElse(null) instanceof InsufficientFundsException f) {
   *     f.shortfall();            // a field of the task's own exception
   *   }
   * }
   * }</pre>
   */
  public Optional<Throwable> original() {
    return Optional.ofNullable(original);
  }

  /** Set once by the mirai that decoded this error. */
  void original(Throwable t) {
    this.original = t;
  }

  @Override
  public String toString() {
    String message = getLocalizedMessage();
    return "MiraiError[" + remoteClassName + "]" + (message == null ? "" : ": " + message);
  }
}
