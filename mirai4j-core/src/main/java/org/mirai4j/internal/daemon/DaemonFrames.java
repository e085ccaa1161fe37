package org.mirai4j.internal.daemon;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Trims the daemon's own frames from a task's exception, so that the stack trace the host shows
 * ends where the task began, as the task's author wrote it: every frame from {@link Evaluator}
 * down (the session, the worker thread) goes, and so do the mirai4j wrappers just above it
 * ({@code Mirai.map}'s per-item and per-chunk tasks, the executor's adapters).
 */
public final class DaemonFrames {
  private static final String EVALUATOR = Evaluator.class.getName();

  private DaemonFrames() {}

  /** Trims {@code t}, its causes and suppressed exceptions in place (cycles cut). */
  public static void trim(Throwable t) {
    trim(t, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static void trim(Throwable t, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return;
    }
    StackTraceElement[] frames = t.getStackTrace();
    int end = frames.length;
    for (int i = 0; i < frames.length; i++) {
      if (frames[i].getClassName().equals(EVALUATOR)) {
        end = i;
        break;
      }
    }
    if (end < frames.length) {
      while (end > 0 && isWrapper(frames[end - 1].getClassName())) {
        end--;
      }
      t.setStackTrace(Arrays.copyOf(frames, end));
    }
    trim(t.getCause(), seen);
    for (Throwable s : t.getSuppressed()) {
      trim(s, seen);
    }
  }

  /** A mirai4j class that wraps the user's task: never code the user wrote. */
  private static boolean isWrapper(String className) {
    return className.equals("org.mirai4j.Mirai") || className.startsWith("org.mirai4j.Mirai$")
        || className.equals("org.mirai4j.MiraiExecutorService")
        || className.startsWith("org.mirai4j.MiraiExecutorService$")
        || className.startsWith("org.mirai4j.internal.map.");
  }
}
