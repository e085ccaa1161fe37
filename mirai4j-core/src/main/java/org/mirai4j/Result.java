package org.mirai4j;

/**
 * The outcome of a mirai as a value: the task's value, or the error it resolved to (a
 * {@link MiraiError}, {@link MiraiInterrupt}, {@link ErrorValueException}, or a
 * {@link java.util.concurrent.CancellationException}). Unlike {@link Mirai#get()}, reading a
 * result never throws for a task failure.
 *
 * @param <T> the value type
 */
public sealed interface Result<T> {
  /** Whether the mirai resolved to an error. */
  boolean isError();

  /**
   * The value.
   *
   * @throws IllegalStateException when this result is an error
   */
  T value();

  /** The error, or null when this result is a value. */
  Throwable error();

  /** Creates a value result. */
  static <T> Result<T> ofValue(T value) {
    return new Value<>(value);
  }

  /** Creates an error result. */
  static <T> Result<T> ofError(Throwable error) {
    return new Failure<>(error);
  }

  /** A value result. */
  record Value<T>(T value) implements Result<T> {
    @Override
    public boolean isError() {
      return false;
    }

    @Override
    public Throwable error() {
      return null;
    }
  }

  /** An error result. */
  record Failure<T>(Throwable error) implements Result<T> {
    @Override
    public boolean isError() {
      return true;
    }

    @Override
    public T value() {
      throw new IllegalStateException("the mirai resolved to an error: " + error, error);
    }
  }
}
