package org.mirai4j.internal.host;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.mirai4j.DaemonOptions;
import org.mirai4j.Daemons;
import org.mirai4j.internal.dispatch.Scheduler;
import org.mirai4j.internal.serial.CustomCodec;
import org.mirai4j.launch.RemoteConfig;

/**
 * How a profile is set up; built by {@link Daemons.Builder}. A plain value apart from the
 * running {@link Profile}, so it can be built, printed and tested without binding anything.
 */
public record ProfileConfig(
    String name,
    int n,
    String url,
    boolean dispatcher,
    DaemonOptions daemonOptions,
    boolean sync,
    Long seed,
    long memoryBytes,
    List<CustomCodec<?>> codecs,
    String secret,
    RemoteConfig remote,
    boolean ephemeral,
    String tlsPem,
    Supplier<char[]> tlsPassword,
    Duration heartbeat,
    int retries,
    boolean relaunch,
    Duration cancelGrace,
    String deserializationFilter,
    List<String> shipClasses,
    Object setup,
    Autoscale autoscale) {
  /**
   * Scale daemons with the backlog ({@link Daemons.Builder#autoscale}): at least {@code min},
   * at most {@code max}; those above {@code min} leave after {@code idle} without work.
   */
  public record Autoscale(int min, int max, Duration idle, List<Labelled> labelled,
      Duration launchTimeout) {
    /** Copies {@code labelled} (null: none); {@code launchTimeout} null: the default 60 s. */
    public Autoscale {
      labelled = labelled == null ? List.of() : List.copyOf(labelled);
    }

    /** Without label sets of their own, with the default launch timeout. */
    public Autoscale(int min, int max, Duration idle) {
      this(min, max, idle, List.of(), null);
    }
  }

  /**
   * Daemons carrying {@code labels}, launched for tasks that require them ({@link
   * Daemons.Builder#autoscale(List, int, RemoteConfig)}): at most {@code max}, through {@code
   * launcher} (null: local processes), leaving after the profile's idle time.
   */
  public record Labelled(List<String> labels, int max, RemoteConfig launcher) {
    /** Copies {@code labels}. */
    public Labelled {
      labels = List.copyOf(labels);
    }
  }

  /** Without autoscaling. */
  public ProfileConfig(String name, int n, String url, boolean dispatcher,
      DaemonOptions daemonOptions, boolean sync, Long seed, long memoryBytes,
      List<CustomCodec<?>> codecs, String secret, RemoteConfig remote, boolean ephemeral,
      String tlsPem, Supplier<char[]> tlsPassword, Duration heartbeat, int retries,
      boolean relaunch, Duration cancelGrace, String deserializationFilter,
      List<String> shipClasses, Object setup) {
    this(name, n, url, dispatcher, daemonOptions, sync, seed, memoryBytes, codecs, secret,
        remote, ephemeral, tlsPem, tlsPassword, heartbeat, retries, relaunch, cancelGrace,
        deserializationFilter, shipClasses, setup, null);
  }

  /** Without a setup task. */
  public ProfileConfig(String name, int n, String url, boolean dispatcher,
      DaemonOptions daemonOptions, boolean sync, Long seed, long memoryBytes,
      List<CustomCodec<?>> codecs, String secret, RemoteConfig remote, boolean ephemeral,
      String tlsPem, Supplier<char[]> tlsPassword, Duration heartbeat, int retries,
      boolean relaunch, Duration cancelGrace, String deserializationFilter,
      List<String> shipClasses) {
    this(name, n, url, dispatcher, daemonOptions, sync, seed, memoryBytes, codecs, secret,
        remote, ephemeral, tlsPem, tlsPassword, heartbeat, retries, relaunch, cancelGrace,
        deserializationFilter, shipClasses, null);
  }

  /**
   * Without fault-tolerance or serialization settings: default heartbeat and cancel grace, no
   * retries or relaunch, no filter pattern or shipping allow list.
   */
  public ProfileConfig(String name, int n, String url, boolean dispatcher,
      DaemonOptions daemonOptions, boolean sync, Long seed, long memoryBytes,
      List<CustomCodec<?>> codecs, String secret, RemoteConfig remote, boolean ephemeral,
      String tlsPem, Supplier<char[]> tlsPassword) {
    this(name, n, url, dispatcher, daemonOptions, sync, seed, memoryBytes, codecs, secret,
        remote, ephemeral, tlsPem, tlsPassword, Daemons.DEFAULT_HEARTBEAT, 0, false,
        Scheduler.CANCEL_GRACE, null, null);
  }

  /** Without a user TLS certificate: tls+tcp:// and wss:// get a self-signed one. */
  public ProfileConfig(String name, int n, String url, boolean dispatcher,
      DaemonOptions daemonOptions, boolean sync, Long seed, long memoryBytes,
      List<CustomCodec<?>> codecs, String secret, RemoteConfig remote, boolean ephemeral) {
    this(name, n, url, dispatcher, daemonOptions, sync, seed, memoryBytes, codecs, secret,
        remote, ephemeral, null, null);
  }

  /** Never shows the secret or the TLS key material, which a record's toString would. */
  @Override
  public String toString() {
    return "ProfileConfig[name=" + name + ", n=" + n + ", url=" + url + ", dispatcher=" + dispatcher
        + ", daemonOptions=" + daemonOptions + ", sync=" + sync + ", seed=" + seed + ", memoryBytes="
        + memoryBytes + ", codecs=" + codecs.size() + ", secret=" + (secret == null ? "random" : "set")
        + ", remote=" + remote + ", ephemeral=" + ephemeral + ", tls=" + (tlsPem == null ? "none" : "set")
        + ", heartbeat=" + heartbeat + ", retries=" + retries + ", relaunch=" + relaunch
        + ", cancelGrace=" + cancelGrace + ", setup=" + (setup == null ? "none" : "set")
        + ", autoscale=" + autoscale + "]";
  }
}
