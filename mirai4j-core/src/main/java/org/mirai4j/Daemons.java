package org.mirai4j;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.mirai4j.internal.host.Profile;
import org.mirai4j.internal.host.ProfileConfig;
import org.mirai4j.internal.host.Profiles;
import org.mirai4j.launch.RemoteConfig;

/**
 * Sets up daemons for a compute profile (R: {@code daemons()}). A profile has a URL where its
 * daemons dial in, optionally a dispatcher that queues tasks FIFO for them, and any number of
 * daemons, local or remote, that may come and go. {@link Mirai#mirai(Task)} uses the profile
 * named {@code "default"} unless told otherwise.
 *
 * <pre>{@code
 * try (Daemons daemons = Daemons.start(4)) {          // 4 local daemons with dispatcher
 *   Mirai.mirai(() -> heavy()).get();
 * }                                                     // daemons(0): they exit
 *
 * Daemons.builder()
 *     .compute("direct").n(2).dispatcher(false)
 *     .url("tcp://0.0.0.0:0").start();
 * }</pre>
 *
 * <h2>Security</h2>
 *
 * Every daemon must prove it holds the profile's secret (random per profile unless set with
 * {@link Builder#secret(String)}) before it receives a task or may send a result. Local daemons
 * get the secret in their environment; {@link #launchRemote} hands it to remote daemons by
 * stdin, environment or a file only its owner can read, as fits each launcher, never on a
 * command line ({@link org.mirai4j.launch.RemoteConfig#launch(int, List, String, String)}).
 */
public final class Daemons implements AutoCloseable {
  /** The heartbeat interval of a profile unless {@link Builder#heartbeat} says otherwise. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(2);

  private static final Object LOCK = new Object();
  private static volatile Profile ephemeral;

  private final Profile profile;

  private Daemons(Profile profile) {
    this.profile = profile;
  }

  /**
   * Starts {@code n} local daemons with dispatcher for the default profile, replacing any daemons
   * it had, and returns once all are connected.
   */
  public static Daemons start(int n) {
    return builder().n(n).start();
  }

  /** A builder for a profile, with mirai's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Resets the default profile (R: {@code daemons(0)}). */
  public static boolean reset() {
    return reset(null);
  }

  /**
   * Resets a profile (R: {@code daemons(0)}): every unresolved mirai resolves to
   * {@link ErrorValue#CONNECTION_RESET}, connections close and daemons that exit on
   * disconnection exit; persistent daemons stay. Returns false, as R.
   */
  public static boolean reset(String compute) {
    closeProfile(compute, false);
    return false;
  }

  /** Terminates the default profile (R: {@code daemons(NULL)}). */
  public static void terminate() {
    terminate(null);
  }

  /** As {@link #reset(String)}, but every connected daemon is told to exit, persistent ones too. */
  public static void terminate(String compute) {
    closeProfile(compute, true);
  }

  private static void closeProfile(String compute, boolean exitDaemons) {
    Profile profile;
    synchronized (LOCK) {
      profile = Profiles.get(compute);
      if (profile == null) {
        return;
      }
      Profiles.remove(profile);
    }
    profile.close(exitDaemons);
  }

  /** Counters of the default profile, or null when not set (R: {@code info()}). */
  public static Info info() {
    return info(null);
  }

  /** Counters of a profile, or null when not set. */
  public static Info info(String compute) {
    Profile profile = Profiles.get(compute);
    return profile == null ? null : profile.info();
  }

  /**
   * The default profile's status (R: {@code status()}); when not set, a status with no
   * connections, as R's {@code list(connections = 0L, daemons = 0L)}: see {@link
   * #status(String)}.
   */
  public static Status status() {
    return status(null);
  }

  /**
   * A profile's status. When the profile is not set it is never null, as in R: {@code
   * connections} 0, {@code url}, {@code info} and {@code memory} null, every count 0 and no
   * daemons listed ({@link #isSet(String)} tells the two cases apart).
   */
  public static Status status(String compute) {
    Profile profile = Profiles.get(compute);
    return profile == null ? new Status(0, null, null, null) : profile.status();
  }

  /** Whether the default profile is set (R: {@code daemons_set()}). */
  public static boolean isSet() {
    return isSet(null);
  }

  /** Whether a profile is set. */
  public static boolean isSet(String compute) {
    return Profiles.get(compute) != null;
  }

  /**
   * Returns true if the default profile (or this thread's, inside {@link #withDaemons}) is set,
   * else throws (R: {@code require_daemons()}): for code that needs daemons and would rather
   * say so than run on throwaway ones.
   *
   * <pre>{@code
   * Daemons.requireDaemons();   // IllegalStateException: No daemons set. Use e.g. ...
   * }</pre>
   *
   * @throws IllegalStateException when the profile is not set, saying how to set one
   */
  public static boolean requireDaemons() {
    return requireDaemons(null);
  }

  /**
   * Returns true if the profile {@code compute} is set (null: the default or this thread's),
   * else throws (R: {@code require_daemons(.compute)}; its {@code call} argument, which points
   * the error at the caller, has no counterpart: the exception's stack trace does that).
   *
   * @throws IllegalStateException when the profile is not set, naming it and saying how to set
   *     one, e.g. {@code No daemons set for the 'gpu' compute profile. Use e.g.
   *     Daemons.builder().compute("gpu").n(6).start() to set 6 local daemons.}
   */
  public static boolean requireDaemons(String compute) {
    requireProfile(compute);
    return true;
  }

  /**
   * Runs {@code body} with {@code compute} as this thread's default profile (R:
   * {@code with_daemons()}).
   *
   * @throws IllegalStateException when no daemons are set for {@code compute} (as R's, which
   *     calls {@code require_daemons()} first); {@code body} does not run
   */
  public static <R> R withDaemons(String compute, Callable<R> body) throws Exception {
    Objects.requireNonNull(compute, "compute");
    requireProfile(compute);
    String previous = Profiles.setCurrent(compute);
    try {
      return body.call();
    } finally {
      Profiles.restoreCurrent(previous);
    }
  }

  /**
   * The named or current profile, for what needs daemons set (R: {@code require_daemons()},
   * called by {@code everywhere()}, {@code mirai_map()} and {@code with_daemons()}).
   *
   * @throws IllegalStateException when it is not set, with mirai's message and advice
   */
  static Profile requireProfile(String compute) {
    Profile profile = Profiles.get(compute);
    if (profile != null) {
      return profile;
    }
    // as mirai's stop_d(): the profile named only when the caller named one
    throw new IllegalStateException(compute == null
        ? "No daemons set. Use e.g. Daemons.start(6) to set 6 local daemons."
        : "No daemons set for the '" + compute + "' compute profile. Use e.g. "
            + "Daemons.builder().compute(\"" + compute + "\").n(6).start() to set 6 local daemons.");
  }

  /** The profile for a mirai: the named or current one, else the ephemeral one. */
  static Profile profileFor(String compute) {
    Profile profile = Profiles.get(compute);
    if (profile != null) {
      return profile;
    }
    Profile e = ephemeral;
    if (e == null) {
      synchronized (LOCK) {
        if (ephemeral == null) {
          ephemeral = Profile.start(new ProfileConfig("ephemeral", 0, null, true,
              DaemonOptions.defaults(), false, null, Long.MAX_VALUE,
              Serialization.defaults().codecs(), null, null, true));
        }
        e = ephemeral;
      }
    }
    return e;
  }

  /** The URL daemons dial, with the port actually bound. */
  public String url() {
    return profile.url();
  }

  /**
   * The PEM certificate chain daemons must trust for a {@code tls+tcp://} or {@code wss://}
   * profile (what {@code --tlscert} takes), or null for other URLs. Launch commands carry it.
   */
  public String tlsCertificate() {
    return profile.tlsCertificatePem();
  }

  /** The profile's name. */
  public String compute() {
    return profile.name();
  }

  /**
   * Starts {@code n} more local daemons (R: {@code launch_local()}); they take work as soon as
   * they connect.
   *
   * @return the commands run (the secret travels in their environment, not here)
   */
  public List<String> launchLocal(int n) {
    return profile.launchLocal(n);
  }

  /**
   * Starts {@code n} more local daemons carrying these labels (as {@link
   * DaemonOptions.Builder#labels}, replacing the labels of the profile's daemon options): tasks
   * submitted with {@link Opts#requires(String...)} naming them can run there, and ones waiting
   * for them start as the daemons connect.
   *
   * @return the commands run (the secret travels in their environment, not here)
   * @throws IllegalArgumentException when a label is empty or contains a comma, naming it
   */
  public List<String> launchLocal(int n, String... labels) {
    return profile.launchLocal(n, labels);
  }

  /**
   * Launches {@code n} daemons through a remote configuration (R: {@code launch_remote()}).
   * With {@link RemoteConfig#manual()} nothing runs and the commands to run by hand are
   * returned; each carries the URL and the daemon options, and the launcher hands the daemon the
   * secret off the command line (only {@code RemoteConfig.manual()}'s lines show it, in a
   * here-document, since they are to be run by hand).
   */
  public List<String> launchRemote(int n, RemoteConfig remote) {
    return profile.launchRemote(n, remote);
  }

  /**
   * Starts {@code n} more local daemons with {@code options} in place of the profile's {@link
   * Builder#daemonOptions daemon options} (R: {@code launch_local(n, ...)}, whose arguments
   * override those given to {@code daemons()}): all of them, not merged, e.g. {@code
   * DaemonOptions.builder().maxTasks(10).build()} gives daemons that leave after ten tasks and
   * otherwise have the defaults. The profile still decides the dispatcher setting, the secret
   * and the TLS certificate (unless {@code options} name one). Labels are those of {@code
   * options} ({@link DaemonOptions.Builder#labels}); {@link #launchLocal(int, String...)} is the
   * profile's options with other labels. With {@link Builder#relaunch}, a lost daemon is
   * started again with these options; at {@link #close()} each daemon's own {@link AutoExit}
   * decides whether it is waited for.
   *
   * @return the commands run (the secret travels in their environment, not here)
   * @throws IllegalStateException for a sync profile
   */
  public List<String> launchLocal(int n, DaemonOptions options) {
    Objects.requireNonNull(options, "options");
    return profile.launchLocal(n, options);
  }

  /**
   * Launches {@code n} daemons through a remote configuration with {@code options} in place of
   * the profile's daemon options (R: {@code launch_remote(n, remote, ...)}), as {@link
   * #launchLocal(int, DaemonOptions)} describes: the commands carry these options, and a lost
   * daemon relaunched (with {@link Builder#relaunch}) gets them again.
   *
   * @return the commands run, as {@link #launchRemote(int, RemoteConfig)}
   */
  public List<String> launchRemote(int n, RemoteConfig remote, DaemonOptions options) {
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(options, "options");
    return profile.launchRemote(n, remote, options);
  }

  /**
   * This profile as an {@link java.util.concurrent.ExecutorService} (R: {@code make_cluster()}
   * for {@code parallel}): each task submitted runs as a mirai on the profile's daemons, for code
   * written against the JDK's executors.
   *
   * <pre>{@code
   * try (Daemons daemons = Daemons.builder().compute("pool").n(4).start()) {
   *   ExecutorService pool = daemons.executor();
   *   Future<Integer> f = pool.submit((Callable<Integer> & Serializable) () -> 6 * 7);
   *   f.get();                                               // 42, computed on a daemon
   *   pool.shutdown();
   * }
   * }</pre>
   *
   * <h4>Serializable tasks only</h4>
   *
   * A task travels to a daemon, so it must be serializable with all it captures: an
   * {@link Task} (a {@link Callable}), or a lambda cast to {@code (Callable<T> & Serializable)}
   * or {@code (Runnable & Serializable)}. Any other task is rejected at once with a
   * {@link java.util.concurrent.RejectedExecutionException} naming its class and the fix.
   *
   * <h4>Semantics</h4>
   *
   * As {@link java.util.concurrent.ExecutorService} documents, with these mirai-specific points:
   * <ul>
   *   <li>Returned futures behave as {@link Mirai}: {@code get()} throws an
   *       {@code ExecutionException} whose cause is a {@link MiraiError} (the task threw), a
   *       {@link MiraiInterrupt} or an {@link ErrorValueException}. {@code cancel} always
   *       interrupts a running task on its daemon ({@link Mirai#cancel(boolean)}), whatever its
   *       argument, and the future is done at once.
   *   <li>{@code invokeAny} returns the first successful result and cancels the other tasks on
   *       their daemons; {@code invokeAll} with a timeout cancels those unfinished at the
   *       deadline.
   *   <li>{@code shutdown()} rejects new tasks with a {@code RejectedExecutionException}; the
   *       executor is terminated once every task it accepted has resolved (a canceled task
   *       counts as resolved when canceled). {@code shutdownNow()} cancels every unresolved
   *       task and returns, in submission order, those still in the dispatcher's queue (never
   *       sent to a daemon): the {@code Runnable} given, or for a {@code Callable} a
   *       {@code Runnable} that calls it here. Their futures are canceled.
   *   <li>The executor does not own the profile: {@code shutdown()} leaves the daemons running,
   *       and closing the profile ({@link #close()}, {@link #reset(String)}) resolves its
   *       outstanding tasks to {@link ErrorValue#CONNECTION_RESET}, as it does every mirai, after
   *       which the executor rejects new tasks.
   *   <li>No thread is started per task; each call returns a new executor with its own
   *       shutdown state. All methods are thread-safe.
   * </ul>
   */
  public java.util.concurrent.ExecutorService executor() {
    return new MiraiExecutorService(this);
  }

  /** Whether this profile is still the one set under its name (not closed nor replaced). */
  boolean isCurrent() {
    return Profiles.get(profile.name()) == profile;
  }

  /** Resets this profile (R: {@code daemons(0)}), if it is still the one set. */
  @Override
  public void close() {
    synchronized (LOCK) {
      Profiles.remove(profile);
    }
    profile.close(false);
  }

  @Override
  public String toString() {
    return "Daemons[" + profile.name() + " at " + profile.url() + "]";
  }

  /** Builds a profile; each setter validates its value. */
  public static final class Builder {
    private int n;
    private String url;
    private RemoteConfig remote;
    private boolean dispatcher = true;
    private DaemonOptions daemonOptions = DaemonOptions.defaults();
    private boolean sync;
    private Long seed;
    private long memory = Long.MAX_VALUE;
    /** Null: the process-wide registrations at start ({@link Serialization#registerDefault}). */
    private Serialization serialization;
    private String tls;
    private Supplier<char[]> tlsPassword;
    private String secret;
    private int retries;
    private boolean relaunch;
    private java.time.Duration cancelGrace = org.mirai4j.internal.dispatch.Scheduler.CANCEL_GRACE;
    private List<String> shipClasses;
    private String compute = Profiles.DEFAULT;
    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private Task<?> setup;
    private ProfileConfig.Autoscale autoscale;
    private final List<ProfileConfig.Labelled> autoscaleLabelled = new java.util.ArrayList<>();
    private Duration launchTimeout;

    private Builder() {}

    /** How many daemons to launch (local, or through {@link #remote}); default 0. */
    public Builder n(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("n < 0: " + n);
      }
      this.n = n;
      return this;
    }

    /**
     * The URL to listen at for daemons, e.g. {@code tcp://0.0.0.0:5555}, {@code tcp://[::1]:0}
     * or {@code ipc:///tmp/m.sock}; port 0 picks a free port, and no host ({@code tcp://:0},
     * {@code ws://:0/path}) listens on every interface, as in mirai. Default: a private ipc://
     * socket.
     *
     * @throws IllegalArgumentException for a malformed URL or unknown scheme
     */
    public Builder url(String url) {
      org.mirai4j.internal.transport.MiraiUrl.parse(url);
      this.url = url;
      return this;
    }

    /** Launch the {@link #n} daemons through this configuration instead of locally. */
    public Builder remote(RemoteConfig remote) {
      this.remote = remote;
      return this;
    }

    /** With a dispatcher (true, the default) or direct round-robin to daemons. */
    public Builder dispatcher(boolean on) {
      this.dispatcher = on;
      return this;
    }

    /** The options of launched daemons. */
    public Builder daemonOptions(DaemonOptions options) {
      this.daemonOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Evaluate every mirai at once in the calling thread, for testing (R: {@code sync}). */
    public Builder sync(boolean on) {
      this.sync = on;
      return this;
    }

    /** Reproducible random streams: each mirai its own, in submission order. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Cap on the payload bytes of queued tasks (dispatcher only): {@code mirai()} blocks past it
     * (R: {@code memory}, there in MB). A task holds its bytes from submission until it is sent
     * to a daemon or leaves the queue; one larger than the cap is let in alone. Ignored by a
     * {@link #sync} profile. Default {@link Long#MAX_VALUE}: unbounded.
     *
     * @throws IllegalArgumentException when {@code bytes < 1}: mirai reads 0 and -1 as
     *     unbounded, but here a cap computed as 0 is refused rather than silently lifted
     */
    public Builder memory(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("memory < 1: " + bytes
            + " (a cap is at least 1 byte; Long.MAX_VALUE, the default, is unbounded)");
      }
      this.memory = bytes;
      return this;
    }

    /**
     * Custom serialization of registered types. Default: the types registered process-wide with
     * {@link Serialization#registerDefault} when {@link #start()} runs (R: {@code serial = NULL}
     * applies {@code register_serial()}'s); a profile given its own uses that alone.
     */
    public Builder serialization(Serialization serialization) {
      this.serialization = Objects.requireNonNull(serialization, "serialization");
      return this;
    }

    /** A PEM certificate chain and private key (or a path to them) for tls+tcp:// and wss://. */
    public Builder tls(String certAndKeyPemOrPath) {
      this.tls = certAndKeyPemOrPath;
      return this;
    }

    /** The password of an encrypted private key given to {@link #tls}. */
    public Builder tlsPassword(Supplier<char[]> password) {
      this.tlsPassword = password;
      return this;
    }

    /** The secret daemons must prove they hold; default: random per profile. */
    public Builder secret(String sharedSecret) {
      if (sharedSecret == null || sharedSecret.isEmpty()) {
        throw new IllegalArgumentException("secret is empty");
      }
      this.secret = sharedSecret;
      return this;
    }

    /**
     * How often host and daemons show each other they are alive; default {@link
     * #DEFAULT_HEARTBEAT}. Each side sends a heartbeat when it has sent nothing for an interval,
     * and drops a peer it has heard nothing from for three: a frozen daemon (SIGSTOP), a
     * partitioned link or a host gone without closing its sockets is then a lost connection on
     * both sides, so the daemon's tasks resolve to {@link ErrorValue#CONNECTION_RESET} (or are
     * retried) and the daemon applies its {@link AutoExit} rule. Daemons learn the interval in
     * the handshake. {@link Duration#ZERO} turns heartbeats off.
     *
     * @throws IllegalArgumentException for a negative interval, or one under 100 ms or over a
     *     day
     */
    public Builder heartbeat(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (!interval.isZero() && (interval.compareTo(Duration.ofMillis(100)) < 0
          || interval.compareTo(Duration.ofDays(1)) > 0)) {
        throw new IllegalArgumentException(
            "heartbeat must be zero (off) or between 100 ms and 1 day: " + interval);
      }
      this.heartbeat = interval;
      return this;
    }

    /**
     * The profile's default for {@link Opts#retries(int)}: how many times a task is sent again
     * when its daemon is lost while running it; default 0 (mirai: CONNECTION_RESET at once).
     *
     * @throws IllegalArgumentException when {@code k} is negative
     */
    public Builder retries(int k) {
      if (k < 0) {
        throw new IllegalArgumentException("retries < 0: " + k);
      }
      this.retries = k;
      return this;
    }

    /**
     * Keep the profile's daemons: a daemon lost unannounced (crash, kill, lost connection) is
     * started again by the launcher that started it, local ({@link #n}, {@link #launchLocal})
     * or remote ({@link #launchRemote}, not {@link RemoteConfig#manual()}), after a back-off of
     * 100 ms doubling to 30 s (reset once a daemon lived 10 s), so a daemon that crashes at
     * start cannot spin. Daemons that leave on purpose (maxtasks, idletime, walltime), and all
     * at reset or close, are not relaunched. Default false, as mirai's dispatcher. Each
     * relaunch is logged at INFO and counted in {@link Status#relaunched()}.
     */
    public Builder relaunch(boolean on) {
      this.relaunch = on;
      return this;
    }

    /**
     * How long a canceled or timed-out task may ignore its interrupt (a JVM thread cannot be
     * stopped) before its daemon counts as stuck: a local daemon is then killed and replaced,
     * with or without dispatcher; a remote one gets no new task until it reports the task done,
     * and what was sent to it meanwhile goes to other daemons. Default 3 s.
     *
     * @throws IllegalArgumentException when the duration is not positive
     */
    public Builder cancelGrace(java.time.Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative() || grace.isZero()) {
        throw new IllegalArgumentException("cancelGrace must be positive: " + grace);
      }
      this.cancelGrace = grace;
      return this;
    }

    /**
     * Limits code shipping to classes in these packages and their subpackages, e.g. {@code
     * shipClasses("com.acme.jobs")}. A daemon asking for any other class the host has gets
     * none, and its task fails with a {@link MiraiError} naming the class
     * ({@code ClassNotFoundException} or {@code NoClassDefFoundError}). Default: any class on
     * the class path of the thread that starts the profile; either way only class files are
     * served, never other resources.
     *
     * @param packagePrefixes package names such as {@code com.acme}, without {@code .*}
     * @throws IllegalArgumentException when one is not a package name, naming it
     */
    public Builder shipClasses(String... packagePrefixes) {
      for (String prefix : packagePrefixes) {
        if (!org.mirai4j.internal.dispatch.ClassServer.isPackageName(prefix)) {
          throw new IllegalArgumentException("not a package name: " + prefix);
        }
      }
      this.shipClasses = List.of(packagePrefixes);
      return this;
    }

    /**
     * A task every daemon runs as it joins, before its first task: at start, when relaunched and
     * when launched later (R: {@code everywhere()} run for each new daemon). As with {@link
     * Mirai#everywhere(Task)}, what it puts in {@link Mirai#globals()} survives cleanup; its value
     * is discarded, and it counts in no task counter (it does count towards the daemon's {@code
     * maxTasks}). A daemon whose setup fails (throws) is kept out of service: it gets no task,
     * the error is logged at WARN naming the daemon, {@link Status#setupFailed()} counts it, and
     * it is told to exit (not relaunched). Ignored by a sync profile. Default: none.
     */
    public Builder setup(Task<?> task) {
      this.setup = Objects.requireNonNull(task, "task");
      return this;
    }

    /**
     * Scale the daemons with the backlog (R: crew's controllers): keep at least {@code min},
     * launch more while tasks wait, up to {@code min(max, awaiting + executing)} counting launches
     * still in flight, and let those above {@code min} leave after {@code idle} without work.
     * Daemons come from the profile's launcher: {@link #remote} if set, else local processes.
     *
     * <pre>{@code
     * Daemons.builder().autoscale(0, 8, Duration.ofMinutes(1)).start();
     * // no daemon yet; 20 mirai launch 8, which leave a minute after the last one resolves
     * }</pre>
     *
     * <p>Details: {@link #start()} returns at once, the {@code min} daemons connecting in the
     * background. Daemons above {@code min} are launched with {@link
     * DaemonOptions.Builder#idleTime idleTime(idle)} and leave by themselves, announcing it, so a
     * task sent as one leaves goes back to the queue: none is lost; they are not relaunched, and
     * come back only when the backlog asks. A launch whose process exits before connecting, or
     * that has not connected within 60 s ({@link #launchTimeout}), fails: launches then pause
     * 100 ms, doubling per failure up to 30 s, until a daemon connects. A daemon lost unannounced is replaced only if the
     * backlog or {@code min} asks for one, so {@link #relaunch} adds nothing. {@link
     * Status#launching()}, {@link Status#scaledUp()}, {@link Status#scaledDown()} and {@link
     * Status#launchFailed()} show it at work. Decisions follow the dispatcher's backlog events
     * and daemons leaving, on the launcher thread (no polling). {@link #n} may be set only up to
     * {@code min} (the {@code min} daemons include them); autoscaling needs the dispatcher, and
     * a {@link #sync} profile ignores it. The {@code min} daemons take {@link #daemonOptions} as
     * they are: with an {@code idleTime} of their own they leave when idle too, and are replaced
     * at once to keep {@code min}. Only tasks these daemons can run count ({@code awaiting}
     * requiring no label they lack, {@code executing} on daemons with their labels); daemons for
     * tasks that require other labels come from {@link #autoscale(List, int, RemoteConfig)}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= min <= max}, {@code max >= 1} and
     *     {@code idle} is positive, naming the value
     */
    public Builder autoscale(int min, int max, Duration idle) {
      Objects.requireNonNull(idle, "idle");
      if (min < 0) {
        throw new IllegalArgumentException("autoscale min < 0: " + min);
      }
      if (max < 1) {
        throw new IllegalArgumentException("autoscale max < 1: " + max);
      }
      if (min > max) {
        throw new IllegalArgumentException("autoscale min > max: " + min + " > " + max);
      }
      if (idle.isNegative() || idle.isZero()) {
        throw new IllegalArgumentException("autoscale idle must be positive: " + idle);
      }
      this.autoscale = new ProfileConfig.Autoscale(min, max, idle);
      return this;
    }

    /**
     * With {@link #autoscale(int, int, Duration)}: launch daemons carrying {@code labels}
     * through {@code launcher} for tasks that require them ({@link Opts#requires}), at most
     * {@code max} at a time (R: crew's heterogeneous controller groups; Ray's resources). Call
     * it once per label set; a task goes to the first set, in the order given, whose labels
     * cover all it requires, after the profile's own daemons (those of {@link #daemonOptions},
     * usually unlabelled, which take every task requiring none of them).
     *
     * <pre>{@code
     * ClusterConfig cpu = RemoteConfig.cluster("sbatch", "#SBATCH --cpus-per-task=1").withDaemonsPerJob(4);
     * ClusterConfig gpu = RemoteConfig.cluster("sbatch", "#SBATCH --gres=gpu:1");
     * Daemons.builder().url("tcp://0.0.0.0:5555").remote(cpu)
     *     .autoscale(0, 100, Duration.ofMinutes(2))    // unlabelled daemons: 0..100
     *     .autoscale(List.of("gpu"), 4, gpu)           // daemons with --labels=gpu: 0..4
     *     .start();
     * Mirai.mirai(() -> train(), Opts.requires("gpu")); // launches one gpu daemon
     * }</pre>
     *
     * <p>Details: the set is scaled as the profile's own daemons are (see {@link
     * #autoscale(int, int, Duration)}), with {@code min} 0, its own {@code max} and its own
     * back-off after failed launches: it wants its queued tasks plus the tasks its daemons hold,
     * up to {@code max}, counting its launches in flight, and its daemons leave after the
     * profile's {@code idle}. Its daemons get the profile's {@link #daemonOptions} with these
     * labels instead of theirs ({@code --labels=gpu}). A connected daemon counts towards the set
     * whose labels equal its own, whoever launched it ({@link #launchLocal(int, String...)}
     * too). Tasks requiring nothing never launch labelled daemons (though a labelled daemon that
     * is idle takes them); a task whose labels no set covers launches nothing and waits ({@link
     * Status#waitingForLabels()}). A remote launcher is asked for all the daemons missing at once
     * (a cluster launcher submits them as one job array). {@link Status#autoscaled()} shows each
     * set.
     *
     * @param labels the labels its daemons carry and cover, at least one
     * @param max daemons of this set at most, at least 1
     * @param launcher how to start them, e.g. a {@link org.mirai4j.launch.ClusterConfig} asking
     *     for a GPU node
     * @throws IllegalArgumentException for no label, a malformed label, {@code max < 1}, or a
     *     label set given before (in any order), naming it
     */
    public Builder autoscale(List<String> labels, int max, RemoteConfig launcher) {
      Objects.requireNonNull(launcher, "launcher");
      return autoscaleLabelled(labels, max, launcher);
    }

    /**
     * As {@link #autoscale(List, int, RemoteConfig)}, launching local daemons (processes on this
     * machine) carrying {@code labels}, whatever {@link #remote} is.
     *
     * @throws IllegalArgumentException for no label, a malformed label, {@code max < 1}, or a
     *     label set given before, naming it
     */
    public Builder autoscale(List<String> labels, int max) {
      return autoscaleLabelled(labels, max, null);
    }

    /**
     * With {@link #autoscale}: how long a launched daemon may take to connect before its launch
     * counts as failed (and is followed by a back-off); default 60 s. A batch queue may hold a
     * job for hours: give a cluster launcher the longest queue wait you accept, or the
     * autoscaler writes its jobs off after a minute and submits others in their place. A local
     * daemon past it is killed; a remote launch is only written off (its job is not cancelled)
     * and its daemon counts again if it connects after all.
     *
     * @throws IllegalArgumentException when the duration is not positive
     */
    public Builder launchTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("launchTimeout must be positive: " + timeout);
      }
      this.launchTimeout = timeout;
      return this;
    }

    private Builder autoscaleLabelled(List<String> labels, int max, RemoteConfig launcher) {
      Objects.requireNonNull(labels, "labels");
      if (labels.isEmpty()) {
        throw new IllegalArgumentException(
            "autoscale labels are empty: autoscale(min, max, idle) scales unlabelled daemons");
      }
      // the daemon's own check, so a bad label fails here and not at launch
      List<String> checked = DaemonOptions.builder().labels(labels.toArray(String[]::new)).build()
          .labels();
      if (max < 1) {
        throw new IllegalArgumentException("autoscale max < 1 for " + labels + ": " + max);
      }
      for (ProfileConfig.Labelled l : autoscaleLabelled) {
        if (java.util.Set.copyOf(l.labels()).equals(java.util.Set.copyOf(checked))) {
          throw new IllegalArgumentException("autoscale labels " + labels + " given twice");
        }
      }
      autoscaleLabelled.add(new ProfileConfig.Labelled(checked, max, launcher));
      return this;
    }

    /** The profile's name; default {@code "default"}. */
    public Builder compute(String profile) {
      this.compute = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /**
     * Starts the profile, replacing one of the same name, and returns once its local daemons
     * are all connected (remote ones connect when they can).
     *
     * @throws java.io.UncheckedIOException when the URL cannot be bound, e.g. in use
     * @throws IllegalStateException when a local daemon exits before connecting; with {@link
     *     #autoscale}, when {@link #n} exceeds its {@code min} or the dispatcher is off; when
     *     called inside a task (on a daemon, or in a sync profile's evaluation), as mirai
     *     refuses to set daemons within a map
     */
    public Daemons start() {
      if (Mirai.onDaemon()) {
        // a task that starts daemons would fork JVMs per task, each dialing a host that dies
        // with the task's daemon (R: "cannot create local daemons from within mirai map")
        throw new IllegalStateException("cannot start daemons inside a task (profile '" + compute
            + "'): set them up on the host before submitting, e.g. Daemons.start(n)");
      }
      Serialization serialization =
          this.serialization != null ? this.serialization : Serialization.registered();
      if (autoscale != null && !sync) {
        if (n > autoscale.min()) {
          throw new IllegalStateException("n (" + n + ") exceeds autoscale min ("
              + autoscale.min() + "): the min daemons are the ones started first");
        }
        if (!dispatcher) {
          throw new IllegalStateException("autoscale needs the dispatcher: dispatcher(false)");
        }
      }
      if (!autoscaleLabelled.isEmpty() && !sync) {
        if (autoscale == null) {
          throw new IllegalStateException("autoscale(labels " + autoscaleLabelled.get(0).labels()
              + ", ...) needs autoscale(min, max, idle) too, for the profile's own daemons and"
              + " the idle time");
        }
        for (ProfileConfig.Labelled l : autoscaleLabelled) {
          if (java.util.Set.copyOf(l.labels())
              .equals(java.util.Set.copyOf(daemonOptions.labels()))) {
            throw new IllegalStateException("autoscale labels " + l.labels()
                + " are the daemon options' own: autoscale(min, max, idle) scales those");
          }
        }
      }
      ProfileConfig config = new ProfileConfig(compute, n, url, dispatcher, daemonOptions, sync,
          seed, memory, serialization.codecs(), secret, remote, false, tls, tlsPassword,
          heartbeat, retries, relaunch, cancelGrace, serialization.filter(), shipClasses, setup,
          sync || autoscale == null ? null : new ProfileConfig.Autoscale(autoscale.min(),
              autoscale.max(), autoscale.idle(), autoscaleLabelled, launchTimeout));
      synchronized (LOCK) {
        Profile old = Profiles.get(compute);
        if (old != null) {
          Profiles.remove(old);
          old.close(false);
        }
      }
      Profile profile = Profile.start(config);
      synchronized (LOCK) {
        Profile replaced = Profiles.put(profile);
        if (replaced != null && replaced != profile) {
          replaced.close(false);
        }
      }
      return new Daemons(profile);
    }
  }
}
