package org.mirai4j;

/**
 * Options of {@link MiraiMap#collect(Collect...)} and {@link MiraiMap#results(Collect...)} (R:
 * {@code x[.progress]}, {@code x[.stop]}).
 */
public enum Collect {
  /**
   * Show a live progress bar on stderr while waiting, one step per item, named by {@link
   * MiraiMap#named(String)}: the terminal bar of {@code me.tongfei:progressbar} when it is on the
   * class path, else a plain-text one.
   */
  PROGRESS,
  /**
   * At the first failure in time cancel every unresolved item; {@code collect} then throws,
   * naming the failed item's index, and {@code results} returns the outcomes.
   */
  STOP
}
