package org.mirai4j;

/** What a daemon does when its connection to the host drops (R: {@code daemon(autoexit=)}). */
public enum AutoExit {
  /** R {@code TRUE}: exit at once (the task in progress is abandoned; 200 ms grace). */
  IMMEDIATE,
  /** R {@code NA}: finish the task in progress, then exit. */
  AFTER_TASK,
  /**
   * R {@code FALSE}: persist, redial, and serve the next host at the same URL; exit only when a
   * host {@link Daemons#terminate() terminates} it.
   */
  NEVER
}
