package org.mirai4j.internal.daemon;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;

/**
 * The JVM's counterpart of mirai's {@code do_cleanup()}: R restores global variables, attached
 * packages and options. Here that is {@link org.mirai4j.Mirai#globals()}, system properties
 * (options), the default locale and time zone, and the thread's context class loader (what a
 * task can attach). A snapshot is taken when the daemon starts and again after each
 * {@code everywhere()} task, so state set there persists.
 */
final class Cleanup {
  private final Map<String, Object> globals;
  private Map<String, Object> savedGlobals;
  private Properties savedProperties;
  private Locale savedLocale;
  private TimeZone savedTimeZone;
  private ClassLoader savedLoader;
  private final boolean processWide;

  /**
   * @param processWide whether the daemon owns its JVM; only then are JVM-wide settings
   *     (properties, locale, time zone) restored, so in-process daemons never touch their host
   */
  Cleanup(Map<String, Object> globals, boolean processWide) {
    this.globals = globals;
    this.processWide = processWide;
  }

  void snapshot() {
    savedGlobals = new HashMap<>(globals);
    savedLoader = Thread.currentThread().getContextClassLoader();
    if (processWide) {
      savedProperties = (Properties) System.getProperties().clone();
      savedLocale = Locale.getDefault();
      savedTimeZone = TimeZone.getDefault();
    }
  }

  void restore() {
    globals.clear();
    globals.putAll(savedGlobals);
    Thread.currentThread().setContextClassLoader(savedLoader);
    if (processWide) {
      if (!System.getProperties().equals(savedProperties)) {
        System.setProperties((Properties) savedProperties.clone());
      }
      Locale.setDefault(savedLocale);
      TimeZone.setDefault(savedTimeZone);
    }
  }
}
