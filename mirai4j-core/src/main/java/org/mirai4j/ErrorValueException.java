package org.mirai4j;

/**
 * Thrown (as the cause of an {@link java.util.concurrent.ExecutionException}) when a mirai
 * resolved to an {@link ErrorValue} rather than to its task's outcome, e.g. a timeout or the
 * loss of its daemon.
 */
public class ErrorValueException extends Exception {
  private static final long serialVersionUID = 1L;
  private final ErrorValue value;

  /**
   * Creates the exception for an error value.
   *
   * @param value the error value
   */
  public ErrorValueException(ErrorValue value) {
    super("errorValue " + value);
    this.value = value;
  }

  /**
   * Creates the exception for an error value with a message saying more, e.g. how many attempts
   * were made before the connection was reset.
   *
   * @param value the error value
   * @param message the message
   */
  public ErrorValueException(ErrorValue value, String message) {
    super(message);
    this.value = value;
  }

  /** The error value this mirai resolved to. */
  public ErrorValue value() {
    return value;
  }
}
