package org.mirai4j.internal.host;

import java.util.concurrent.ConcurrentHashMap;

/** The running profiles by name, and the default one per thread (R: {@code with_daemons}). */
public final class Profiles {
  /** The name of the profile used when none is named. */
  public static final String DEFAULT = "default";

  private static final ConcurrentHashMap<String, Profile> RUNNING = new ConcurrentHashMap<>();
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private Profiles() {}

  /** The profile name to use for {@code compute}, null meaning the current default. */
  public static String resolve(String compute) {
    if (compute != null) {
      return compute;
    }
    String current = CURRENT.get();
    return current != null ? current : DEFAULT;
  }

  public static Profile get(String compute) {
    return RUNNING.get(resolve(compute));
  }

  /** Registers a profile, returning the one it replaces (or null). */
  public static Profile put(Profile profile) {
    return RUNNING.put(profile.name(), profile);
  }

  /** Removes the profile if it is still the one registered. */
  public static boolean remove(Profile profile) {
    return RUNNING.remove(profile.name(), profile);
  }

  /** Sets this thread's default profile; returns the previous one to restore. */
  public static String setCurrent(String compute) {
    String previous = CURRENT.get();
    CURRENT.set(compute);
    return previous;
  }

  /** Restores what {@link #setCurrent} returned. */
  public static void restoreCurrent(String previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
