package org.mirai4j.internal.otel;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A daemon process's own OpenTelemetry SDK: installed at start when the class path has the
 * SDK's autoconfigure module and the environment has {@code OTEL_*} variables (or the JVM
 * {@code otel.*} properties), so a daemon exports its own spans as the OpenTelemetry docs
 * configure any Java program. Core depends on the API only: the module is found by name and
 * called by reflection. Without {@code OTEL_*} settings nothing is loaded, so a daemon that
 * does not trace starts as fast and as small as before.
 */
public final class DaemonSdk {
  static final String AUTOCONFIGURE =
      "io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk";
  /** The service name when the environment gives none (autoconfigure's own default is vague). */
  static final String DEFAULT_SERVICE_NAME = "mirai4j-daemon";

  private DaemonSdk() {}

  /** Whether the environment or the system properties configure OpenTelemetry. */
  static boolean configured(Map<String, String> env, Properties properties) {
    for (String key : env.keySet()) {
      if (key.startsWith("OTEL_")) {
        return true;
      }
    }
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith("otel.")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Installs the autoconfigured SDK as the global OpenTelemetry when configured and on the
   * class path; otherwise tells {@link Tracing} there is none for good. A failure (an exporter
   * named that is not on the class path, say) is reported on {@code err} and the daemon runs
   * untraced.
   *
   * @return what to close at exit, which flushes the spans not yet exported; null if none
   */
  public static AutoCloseable installIfConfigured(Map<String, String> env, Properties properties,
      PrintStream err) {
    if (!configured(env, properties)) {
      Tracing.absentForThisProcess();
      return null;
    }
    Class<?> autoconfigure;
    try {
      autoconfigure = Class.forName(AUTOCONFIGURE, true, DaemonSdk.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      Tracing.absentForThisProcess();
      return null;
    }
    try {
      Method builderMethod = autoconfigure.getMethod("builder");
      Object builder = builderMethod.invoke(null);
      Class<?> builderType = builderMethod.getReturnType();
      Supplier<Map<String, String>> defaults = () -> Map.of("otel.service.name", DEFAULT_SERVICE_NAME);
      builderType.getMethod("addPropertiesSupplier", Supplier.class).invoke(builder, defaults);
      builderType.getMethod("setResultAsGlobal").invoke(builder);
      // Its own hook would close a second time after ours (and say so): one, closing once.
      builderType.getMethod("disableShutdownHook").invoke(builder);
      Object result = builderType.getMethod("build").invoke(builder);
      Object sdk = autoconfigure.getMethod("getOpenTelemetrySdk").invoke(result);
      if (!(sdk instanceof AutoCloseable closeable)) {
        return null;
      }
      AutoCloseable once = once(closeable);
      // A daemon stopped by a signal still exports what it has (the normal exit closes first).
      Runtime.getRuntime().addShutdownHook(new Thread(() -> close(once, err),
          "mirai4j-otel-shutdown"));
      return once;
    } catch (InvocationTargetException e) {
      err.println("mirai4j daemon: OpenTelemetry autoconfiguration failed, so this daemon does"
          + " not export spans: " + e.getCause());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      err.println("mirai4j daemon: OpenTelemetry autoconfiguration is not usable here ("
          + e + "), so this daemon does not export spans");
    }
    return null;
  }

  private static AutoCloseable once(AutoCloseable sdk) {
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        sdk.close();
      }
    };
  }

  /** Closes what {@link #installIfConfigured} returned: exports what is left, then shuts down. */
  public static void close(AutoCloseable sdk, PrintStream err) {
    if (sdk == null) {
      return;
    }
    try {
      sdk.close();
    } catch (Exception e) {
      err.println("mirai4j daemon: OpenTelemetry shutdown failed: " + e);
    }
  }
}
