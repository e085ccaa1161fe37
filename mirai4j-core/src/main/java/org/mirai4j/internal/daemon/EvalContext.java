package org.mirai4j.internal.daemon;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What {@link org.mirai4j.Mirai#onDaemon()}, {@link org.mirai4j.Mirai#globals()} and
 * {@link org.mirai4j.Mirai#random()} see during an evaluation. Bound to the evaluating thread,
 * so daemons sharing a JVM (threads in tests) keep their own state.
 */
public final class EvalContext {
  private static final ThreadLocal<EvalContext> CURRENT = new ThreadLocal<>();

  private final Map<String, Object> globals;
  private final RandomGenerator random;

  public EvalContext(Map<String, Object> globals, RandomGenerator random) {
    this.globals = globals;
    this.random = random;
  }

  /** The context of the evaluation running on this thread, or null. */
  public static EvalContext current() {
    return CURRENT.get();
  }

  /** Binds a context to this thread; returns the previous one to restore. */
  public static EvalContext bind(EvalContext context) {
    EvalContext previous = CURRENT.get();
    CURRENT.set(context);
    return previous;
  }

  /** Restores what {@link #bind} returned. */
  public static void restore(EvalContext previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  public Map<String, Object> globals() {
    return globals;
  }

  public RandomGenerator random() {
    return random;
  }
}
