package org.mirai4j.internal.serial;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.mirai4j.MiraiError;

/**
 * A remote exception as plain data, so the host can rebuild it as a {@link MiraiError} even when
 * the exception's class exists only on the daemon.
 *
 * @param className the exception's class name
 * @param message its message, or null
 * @param conditionClasses the class then its superclasses
 * @param stackTrace its frames
 * @param cause its cause, or null
 * @param suppressed the exceptions it suppressed, or null for none (an array: the carriers the
 *     deserialization filter always allows hold no other collection)
 * @param original the exception itself, serialized as a RESULT payload (a kind byte first), for a
 *     host on which its class resolves; null when it could not be serialized (only the top
 *     error carries it: its own cause chain is in it)
 */
public record RemoteError(
    String className,
    String message,
    List<String> conditionClasses,
    StackTraceElement[] stackTrace,
    RemoteError cause,
    RemoteError[] suppressed,
    byte[] original)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Without suppressed exceptions or the original. */
  public RemoteError(String className, String message, List<String> conditionClasses,
      StackTraceElement[] stackTrace, RemoteError cause) {
    this(className, message, conditionClasses, stackTrace, cause, null, null);
  }

  /** Captures a throwable, its cause chain and suppressed exceptions (cycles cut). */
  public static RemoteError of(Throwable t) {
    return of(t, new IdentityHashMap<>());
  }

  private static RemoteError of(Throwable t, Map<Throwable, Boolean> seen) {
    seen.put(t, Boolean.TRUE);
    List<String> classes = new ArrayList<>();
    for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      classes.add(c.getName());
    }
    Throwable cause = t.getCause();
    RemoteError remoteCause = cause == null || seen.containsKey(cause) ? null : of(cause, seen);
    List<RemoteError> suppressed = new ArrayList<>();
    for (Throwable s : t.getSuppressed()) {
      if (!seen.containsKey(s)) {
        suppressed.add(of(s, seen));
      }
    }
    String className = t instanceof MiraiError m ? m.remoteClassName() : t.getClass().getName();
    return new RemoteError(className, t.getMessage(), classes, t.getStackTrace(), remoteCause,
        suppressed.isEmpty() ? null : suppressed.toArray(RemoteError[]::new), null);
  }

  /** A remote error for a failure of the daemon's own machinery, e.g. an undecodable task. */
  public static RemoteError of(String className, String message) {
    return new RemoteError(
        className, message, List.of(className), new StackTraceElement[0], null);
  }

  /** The same error carrying the serialized original exception (null: none). */
  public RemoteError withOriginal(byte[] serialized) {
    return new RemoteError(className, message, conditionClasses, stackTrace, cause, suppressed,
        serialized);
  }

  /** The error as the host's {@link MiraiError}, suppressed exceptions included. */
  public MiraiError toMiraiError() {
    MiraiError error = new MiraiError(
        className,
        message,
        conditionClasses,
        stackTrace,
        cause == null ? null : cause.toMiraiError());
    if (suppressed != null) {
      for (RemoteError s : suppressed) {
        error.addSuppressed(s.toMiraiError());
      }
    }
    return error;
  }
}
