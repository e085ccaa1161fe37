package org.mirai4j.testing;

/**
 * The fault suites' two sizes: what CI runs in about a minute, and the long variant run with
 * {@code -Dmirai4j.soak=true} (passed to surefire and failsafe by the parent POM).
 */
public final class Soak {
  private Soak() {}

  /** Whether the long variants run: {@code -Dmirai4j.soak=true}. */
  public static boolean on() {
    return Boolean.getBoolean("mirai4j.soak");
  }

  /** {@code ci} normally, {@code soak} with the soak flag. */
  public static int size(int ci, int soak) {
    return on() ? soak : ci;
  }
}
