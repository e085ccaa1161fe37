package org.mirai4j;

import java.io.Serializable;

/**
 * A unit of work to evaluate on a daemon: a serializable lambda together with the values it
 * captured (R: the expression of {@code mirai()} and its {@code ...} arguments).
 *
 * <p>A lambda becomes serializable when its target type is this interface, so a plain
 * {@code Mirai.mirai(() -> work(x))} is enough. Every captured value travels with the task and
 * must itself be serializable; {@link Mirai#mirai(Task)} fails at once, naming the class, when
 * one is not.
 *
 * @param <T> the type of the value the task returns
 */
@FunctionalInterface
public interface Task<T> extends Serializable {
  /**
   * Evaluates the task on a daemon.
   *
   * @return the value sent back to the host
   * @throws Exception any failure, which reaches the host as a {@link MiraiError}
   */
  T call() throws Exception;
}
