package org.mirai4j;

/** Options of {@link MiraiMap#collect(Collect...)} (R: {@code collect_mirai(options=)}). */
public enum Collect {
  /** Show a live progress bar on stderr while waiting. */
  PROGRESS,
  /** At the first failure cancel the rest and throw, naming the failed item's index. */
  STOP
}
