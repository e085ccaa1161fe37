package org.mirai4j.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Shared waiting: generous bounds, conditions not sleeps. */
public final class Await {
  private Await() {}

  /** Waits up to 30 s for a condition. */
  public static ConditionFactory upTo30s() {
    return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20));
  }

  /** Waits for a condition, up to 30 s. */
  public static void until(Callable<Boolean> condition) {
    upTo30s().until(condition);
  }
}
