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
 */
public record RemoteError(
    String className,
    String message,
    List<String> conditionClasses,
    StackTraceElement[] stackTrace,
    RemoteError cause)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Captures a throwable and its cause chain (cycles cut). */
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
    String className = t instanceof MiraiError m ? m.remoteClassName() : t.getClass().getName();
    return new RemoteError(className, t.getMessage(), classes, t.getStackTrace(), remoteCause);
  }

  /** A remote error for a failure of the daemon's own machinery, e.g. an undecodable task. */
  public static RemoteError of(String className, String message) {
    return new RemoteError(
        className, message, List.of(className), new StackTraceElement[0], null);
  }

  /** The error as the host's {@link MiraiError}. */
  public MiraiError toMiraiError() {
    return new MiraiError(
        className,
        message,
        conditionClasses,
        stackTrace,
        cause == null ? null : cause.toMiraiError());
  }
}
