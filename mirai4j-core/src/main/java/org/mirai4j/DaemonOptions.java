package org.mirai4j;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.mirai4j.internal.daemon.DaemonFlag;

/**
 * The arguments of a daemon, argument by argument those of mirai's {@code daemon()}. Immutable;
 * use {@link #builder()} or {@link #toBuilder()}.
 *
 * <pre>{@code
 * DaemonOptions options = DaemonOptions.builder()
 *     .autoExit(AutoExit.AFTER_TASK)
 *     .maxTasks(100)
 *     .idleTime(Duration.ofMinutes(5))
 *     .build();
 * Daemons.builder().n(4).daemonOptions(options).start();
 * }</pre>
 */
public final class DaemonOptions {
  /** Default: dial into a dispatcher. */
  public static final boolean DEFAULT_DISPATCHER = true;
  /** Default: fail fast when the first dial fails. */
  public static final boolean DEFAULT_ASYNC_DIAL = false;
  /** Default: exit as soon as the connection drops. */
  public static final AutoExit DEFAULT_AUTO_EXIT = AutoExit.IMMEDIATE;
  /** Default: restore the daemon's state after each task. */
  public static final boolean DEFAULT_CLEANUP = true;
  /** Default: discard the daemon's stdout and stderr. */
  public static final boolean DEFAULT_OUTPUT = false;

  private static final DaemonOptions DEFAULTS = new Builder().build();

  private final boolean dispatcher;
  private final boolean asyncDial;
  private final AutoExit autoExit;
  private final boolean cleanup;
  private final boolean output;
  private final Duration idleTime;
  private final Duration wallTime;
  private final long maxTasks;
  private final String tlsCert;
  private final Long seed;
  private final String secret;
  private final Path secretFile;
  private final boolean secretStdin;
  private final List<String> labels;

  private DaemonOptions(Builder b) {
    this.dispatcher = b.dispatcher;
    this.asyncDial = b.asyncDial;
    this.autoExit = b.autoExit;
    this.cleanup = b.cleanup;
    this.output = b.output;
    this.idleTime = b.idleTime;
    this.wallTime = b.wallTime;
    this.maxTasks = b.maxTasks;
    this.tlsCert = b.tlsCert;
    this.seed = b.seed;
    this.secret = b.secret;
    this.secretFile = b.secretFile;
    this.secretStdin = b.secretStdin;
    this.labels = b.labels;
  }

  /** The defaults, as mirai's {@code daemon()}. */
  public static DaemonOptions defaults() {
    return DEFAULTS;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.dispatcher = dispatcher;
    b.asyncDial = asyncDial;
    b.autoExit = autoExit;
    b.cleanup = cleanup;
    b.output = output;
    b.idleTime = idleTime;
    b.wallTime = wallTime;
    b.maxTasks = maxTasks;
    b.tlsCert = tlsCert;
    b.seed = seed;
    b.secret = secret;
    b.secretFile = secretFile;
    b.secretStdin = secretStdin;
    b.labels = labels;
    return b;
  }

  /**
   * Whether the daemon dials into a dispatcher (true) or directly to the host. Both kinds of
   * host speak one protocol here, so a daemon serves either; the flag is reported in the
   * handshake and kept for mirai's argument list.
   */
  public boolean dispatcher() {
    return dispatcher;
  }

  /** Whether a failed dial is retried (true) rather than failing at once. */
  public boolean asyncDial() {
    return asyncDial;
  }

  /** What the daemon does when its connection drops. */
  public AutoExit autoExit() {
    return autoExit;
  }

  /** Whether state a task leaves behind is restored after it. */
  public boolean cleanup() {
    return cleanup;
  }

  /** Whether the daemon's stdout and stderr are kept. */
  public boolean output() {
    return output;
  }

  /** How long the daemon waits idle before exiting with code 1, or null for ever. */
  public Duration idleTime() {
    return idleTime;
  }

  /**
   * After how long the daemon exits, or null (R: {@code walltime}, a soft limit): a task that
   * arrives past it runs as the last one, then the daemon exits with code 2; a daemon idle for
   * this long (the wait for a task times out after {@code min(idleTime, wallTime)}) exits with
   * code 1, as R's does.
   */
  public Duration wallTime() {
    return wallTime;
  }

  /** How many tasks the daemon runs before exiting with code 3; {@link Long#MAX_VALUE}: no cap. */
  public long maxTasks() {
    return maxTasks;
  }

  /** The PEM certificate chain (or a path to it) the daemon trusts for TLS, or null. */
  public String tlsCert() {
    return tlsCert;
  }

  /** The seed of the daemon's initial random stream (R: {@code rs}), or null for the host's. */
  public Long seed() {
    return seed;
  }

  /**
   * The secret the daemon proves it holds, or null to read it from {@link #secretFile()},
   * standard input ({@link #secretStdin()}) or the environment variable {@code MIRAI4J_SECRET}.
   * For a daemon run in this JVM only: no command line ever carries it.
   */
  public String secret() {
    return secret;
  }

  /**
   * The file the daemon reads its secret from (its first line), or null. On POSIX file systems
   * the daemon refuses a file that its group or others may read.
   */
  public Path secretFile() {
    return secretFile;
  }

  /** Whether the daemon reads its secret as the first line of its standard input. */
  public boolean secretStdin() {
    return secretStdin;
  }

  /**
   * The daemon's labels, told to the host in the handshake: a task with {@link
   * Opts#requires(String...)} goes only to a daemon holding all of its labels. Empty by default.
   */
  public List<String> labels() {
    return labels;
  }

  /**
   * These options as command-line arguments of {@code mirai4j daemon}, defaults left out. The
   * secret itself is never included; where it is read from ({@code --secret-file=PATH},
   * {@code --secret-stdin}) is.
   */
  public List<String> toArgs() {
    return DaemonFlag.toArgs(this);
  }

  /**
   * Parses the options of {@code mirai4j daemon} (everything after the URL).
   *
   * @throws IllegalArgumentException naming an unknown option or a bad value
   */
  public static DaemonOptions fromArgs(List<String> args) {
    return DaemonFlag.parse(args);
  }

  @Override
  public String toString() {
    return "DaemonOptions" + toArgs();
  }

  /** Builds {@link DaemonOptions}; each setter validates its value. */
  public static final class Builder {
    private boolean dispatcher = DEFAULT_DISPATCHER;
    private boolean asyncDial = DEFAULT_ASYNC_DIAL;
    private AutoExit autoExit = DEFAULT_AUTO_EXIT;
    private boolean cleanup = DEFAULT_CLEANUP;
    private boolean output = DEFAULT_OUTPUT;
    private Duration idleTime;
    private Duration wallTime;
    private long maxTasks = Long.MAX_VALUE;
    private String tlsCert;
    private Long seed;
    private String secret;
    private Path secretFile;
    private boolean secretStdin;
    private List<String> labels = List.of();

    private Builder() {}

    /** Dial into a dispatcher (true, the default) or directly to the host. */
    public Builder dispatcher(boolean on) {
      this.dispatcher = on;
      return this;
    }

    /** Retry a failed dial for ever (true) instead of failing at once (false, the default). */
    public Builder asyncDial(boolean on) {
      this.asyncDial = on;
      return this;
    }

    /** What to do when the connection drops. */
    public Builder autoExit(AutoExit autoExit) {
      this.autoExit = Objects.requireNonNull(autoExit, "autoExit");
      return this;
    }

    /** Restore state after each task (true, the default). */
    public Builder cleanup(boolean on) {
      this.cleanup = on;
      return this;
    }

    /** Keep stdout and stderr (false, the default, discards them). */
    public Builder output(boolean on) {
      this.output = on;
      return this;
    }

    /** Exit with code 1 after this long idle. */
    public Builder idleTime(Duration d) {
      this.idleTime = positive("idleTime", d);
      return this;
    }

    /**
     * Exit once this long has passed: with code 2 after a task that arrives past it, with code 1
     * when idle this long (see {@link DaemonOptions#wallTime()}).
     */
    public Builder wallTime(Duration d) {
      this.wallTime = positive("wallTime", d);
      return this;
    }

    /** Exit with code 3 after this many tasks. */
    public Builder maxTasks(long n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxTasks < 1: " + n);
      }
      this.maxTasks = n;
      return this;
    }

    /** The PEM certificate chain (or a path to it) to trust for TLS. */
    public Builder tlsCert(String pemOrPath) {
      this.tlsCert = pemOrPath;
      return this;
    }

    /** Seed of the daemon's initial random stream (R: {@code rs}). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The secret to prove to the host, for a daemon run in this JVM; default: read from
     * {@link #secretFile}, {@link #secretStdin} or the environment variable MIRAI4J_SECRET.
     */
    public Builder secret(String secret) {
      this.secret = secret;
      return this;
    }

    /** Read the secret from the first line of this file (group and others must not read it). */
    public Builder secretFile(Path file) {
      this.secretFile = file;
      return this;
    }

    /** Read the secret from the first line of standard input. */
    public Builder secretStdin(boolean on) {
      this.secretStdin = on;
      return this;
    }

    /**
     * The daemon's labels (e.g. {@code "gpu", "bigmem"}), replacing any set before; none to
     * clear them. See {@link DaemonOptions#labels()}.
     *
     * @throws IllegalArgumentException when a label is empty or contains a comma (the command
     *     line separates labels with commas), naming it
     */
    public Builder labels(String... labels) {
      this.labels = checkLabels(labels);
      return this;
    }

    /** The options. */
    public DaemonOptions build() {
      return new DaemonOptions(this);
    }

    static List<String> checkLabels(String... labels) {
      Objects.requireNonNull(labels, "labels");
      for (String label : labels) {
        Objects.requireNonNull(label, "label");
        if (label.isBlank() || label.indexOf(',') >= 0 || !label.strip().equals(label)) {
          throw new IllegalArgumentException(
              "a label must be non-empty, without commas or surrounding spaces: '" + label + "'");
        }
      }
      return List.copyOf(new java.util.LinkedHashSet<>(List.of(labels)));
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
