package org.mirai4j.internal.host;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mirai4j.DaemonOptions;
import org.mirai4j.Info;
import org.mirai4j.Memory;
import org.mirai4j.Status;
import org.mirai4j.internal.daemon.InProcessDaemon;
import org.mirai4j.internal.dispatch.ClassServer;
import org.mirai4j.internal.dispatch.MemoryGate;
import org.mirai4j.internal.dispatch.PendingTask;
import org.mirai4j.internal.dispatch.Scheduler;
import org.mirai4j.internal.dispatch.TaskOutcome;
import org.mirai4j.internal.otel.Tracing;
import org.mirai4j.internal.protocol.Handshake;
import org.mirai4j.internal.protocol.Payloads;
import org.mirai4j.internal.rng.RandomStreams;
import org.mirai4j.internal.serial.Bytes;
import org.mirai4j.internal.serial.RemoteError;
import org.mirai4j.internal.tls.TlsMaterial;
import org.mirai4j.internal.transport.DaemonLink;
import org.mirai4j.internal.transport.HostListener;
import org.mirai4j.internal.transport.MiraiUrl;
import org.mirai4j.launch.CommandConfig;
import org.mirai4j.launch.RemoteConfig;
import org.mirai4j.launch.Urls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running compute profile (R: one entry of {@code daemons()}): where daemons dial in (listener,
 * TLS, advertised URL), the dispatcher and its memory cap, launches and status. It delegates how
 * tasks are encoded to {@link TaskEncoder}, the processes it starts here to {@link LocalDaemons},
 * and relaunches to {@link Supervisor}; how it is set up is a {@link ProfileConfig}.
 */
public final class Profile {
  private static final Logger log = LoggerFactory.getLogger(Profile.class);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  private final ProfileConfig config;
  private final String secret;
  private final TaskEncoder encoder;
  private final MemoryGate memory;
  /** Held while a task gets its stream and id and goes to the scheduler: all in submission order. */
  private final Object submitLock = new Object();
  private final EventLoopGroup group;
  private final HostListener listener;
  private final Scheduler scheduler;
  private final InProcessDaemon inProcess;
  private final Path workDir;
  private final Object connectionsLock = new Object();
  private int connections;
  private final Supervisor supervisor;
  private final LocalDaemons local;
  /** Scales daemons with the backlog ({@link ProfileConfig#autoscale()}), else null. */
  private final Autoscaler autoscaler;
  private volatile boolean closed;
  /** The listener's certificate and key for tls+tcp:// and wss://, else null. */
  private final TlsMaterial tls;
  /** Its "daemons set" span, which each mirai's span and the reset span link to; null untraced. */
  private volatile SpanContext setSpan;

  private Profile(ProfileConfig config) {
    this.config = config;
    this.secret = config.secret() != null ? config.secret() : Handshake.newSecret();
    this.encoder = new TaskEncoder(config);
    // R: sync mode disregards memory; evaluated at once, a sync task is never queued
    this.memory = new MemoryGate(config.sync() ? Long.MAX_VALUE : config.memoryBytes());
    this.tls = tlsMaterial(config);
    boolean scaled = config.autoscale() != null && !config.sync();
    // with autoscaling the autoscaler replaces lost daemons, as the backlog and min ask
    this.supervisor = new Supervisor(config.name(),
        config.relaunch() && !config.ephemeral() && !scaled,
        this::isLocalPid, options -> launchLocalWith(1, options),
        launch -> launchRemote(1, launch.remote(), false, launch.options()));
    try {
      this.workDir = Files.createTempDirectory("mirai4j-");
      workDir.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
    this.local = new LocalDaemons(config, workDir, supervisor, this::wakeConnectionWaiters);
    if (config.sync()) {
      this.autoscaler = null;
      this.group = null;
      this.listener = null;
      this.scheduler = null;
      this.inProcess = new InProcessDaemon(encoder.serializer(), config.daemonOptions().cleanup(),
          RandomStreams.unseeded().nextState());
      return;
    }
    this.inProcess = null;
    MiraiUrl url = config.url() == null
        ? MiraiUrl.parse("ipc://" + workDir.resolve("host.sock"))
        : MiraiUrl.parse(config.url());
    this.group = new MultiThreadIoEventLoopGroup(
        1, new DefaultThreadFactory("mirai4j-" + config.name(), true), NioIoHandler.newFactory());
    EventLoop loop = group.next();
    this.scheduler = new Scheduler(
        config.dispatcher(), loop, memory, encoder.serialConfig(),
        this::connectionsChanged,
        new Scheduler.Membership() {
          @Override
          public void joined(DaemonLink link) {
            lifecycle("{} joined", link);
            supervisor.joined(link);
            if (autoscaler != null) {
              autoscaler.joined(link, isLocalPid(link.pid()));
            }
          }

          @Override
          public void left(DaemonLink link, boolean onPurpose) {
            lifecycle(onPurpose ? "{} left" : "{} lost (its connection ended unannounced)", link);
            supervisor.left(link, onPurpose);
            if (autoscaler != null) {
              autoscaler.left(link, isLocalPid(link.pid()), onPurpose);
            }
          }

          @Override
          public void backlog(int awaiting) {
            if (autoscaler != null) {
              autoscaler.request();
            }
          }

          @Override
          public void stuck(DaemonLink link) {
            local.replaceStuck(link);
          }

          @Override
          public void setupFailed(DaemonLink link, byte[] result) {
            log.warn("profile {}: {} failed its setup task, so it takes no tasks and is told to"
                + " exit: {}", config.name(), link, describe(result));
          }
        }, config.cancelGrace(), new ClassServer(classSource(), config.shipClasses()),
        setup(config, encoder));
    if (scaled) {
      ProfileConfig.Autoscale a = config.autoscale();
      List<Autoscaler.PoolSpec> pools = new ArrayList<>();
      pools.add(new Autoscaler.PoolSpec(config.daemonOptions().labels(), a.min(), a.max(),
          config.remote() != null,
          (n, scaling) -> launchScaled(null, config.remote(), n, scaling, a.idle())));
      for (ProfileConfig.Labelled l : a.labelled()) {
        pools.add(new Autoscaler.PoolSpec(l.labels(), 0, l.max(), l.launcher() != null,
            (n, scaling) -> launchScaled(l.labels(), l.launcher(), n, scaling, a.idle())));
      }
      this.autoscaler = new Autoscaler(config.name(), pools, scheduler::demand, supervisor,
          a.launchTimeout());
      supervisor.autoscaler(autoscaler);
    } else {
      this.autoscaler = null;
    }
    try {
      this.listener = HostListener.bind(url, group, Handshake.secretBytes(secret), scheduler,
          tls == null ? null : tls.serverContext(), (int) config.heartbeat().toMillis());
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  /**
   * Starts a profile: binds its URL and launches its daemons, returning once they are all
   * connected.
   */
  public static Profile start(ProfileConfig config) {
    Profile profile = new Profile(config);
    profile.lifecycle("set at {}", profile.url());
    try {
      if (profile.autoscaler != null) {
        profile.autoscaler.request(); // launches min daemons, in the background
      } else if (!config.sync() && config.n() > 0) {
        if (config.remote() != null) {
          profile.launchRemote(config.n(), config.remote());
        } else {
          profile.launchLocal(config.n());
          profile.awaitConnections(config.n());
        }
      }
    } catch (RuntimeException e) {
      profile.close(false);
      throw e;
    }
    profile.local.started();
    profile.setSpan = Tracing.profileSet(profile.url(), config.name(), config.dispatcher());
    return profile;
  }

  /** The setup task as the scheduler sends it, or null without one. */
  private static Scheduler.Setup setup(ProfileConfig config, TaskEncoder encoder) {
    if (config.setup() == null) {
      return null;
    }
    Bytes bytes = encoder.encodeEverywhere(config.setup()); // its globals survive cleanup
    return new Scheduler.Setup(bytes.array(), bytes.length(), TaskEncoder::nextId);
  }

  /**
   * Logs a lifecycle event of this profile (set, reset, a daemon joined or left) at INFO, once:
   * "profile NAME: " and the message with {@code arg}. The throwaway profile of a mirai with no
   * daemons set logs at DEBUG, so that a mirai costs no log line.
   */
  private void lifecycle(String message, Object arg) {
    if (config.ephemeral()) {
      log.debug("profile {}: " + message, config.name(), arg);
    } else {
      log.info("profile {}: " + message, config.name(), arg);
    }
  }

  /** A failed RESULT payload in words, for the log. */
  private String describe(byte[] result) {
    if (result[0] == Payloads.RESULT_INTERRUPT) {
      return "interrupted";
    }
    try {
      Object error = encoder.decode(result);
      return error instanceof RemoteError e ? e.className() + ": " + e.message()
          : String.valueOf(error);
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      return "an error that cannot be decoded here (" + e + ")";
    }
  }

  /** Where classes shipped to daemons come from: the loader of whoever starts the profile. */
  private static ClassLoader classSource() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : Profile.class.getClassLoader();
  }

  public String name() {
    return config.name();
  }

  /**
   * The TLS material of a tls+tcp:// or wss:// profile: the user's chain and key, else a key
   * pair and self-signed certificate for the URL's host, generated here; null for other URLs.
   */
  private static TlsMaterial tlsMaterial(ProfileConfig config) {
    if (config.sync() || config.url() == null || !MiraiUrl.parse(config.url()).scheme().tls()) {
      return null;
    }
    return config.tlsPem() != null
        ? TlsMaterial.fromPem(config.tlsPem(), config.tlsPassword())
        : TlsMaterial.selfSigned(advertisedHost(MiraiUrl.parse(config.url())));
  }

  /**
   * The host daemons should dial: a wildcard bind address (empty, 0.0.0.0, ::) is no address to
   * dial, so launch commands and the certificate name this machine's reachable address instead.
   */
  private static String advertisedHost(MiraiUrl url) {
    return url.isWildcard() ? Urls.hostAddress() : url.host();
  }

  /** The certificate chain (PEM) daemons must trust, or null without TLS. */
  public String tlsCertificatePem() {
    return tls == null ? null : tls.certificateChainPem();
  }

  /**
   * The URL daemons dial, with the bound port and a wildcard bind address replaced by this
   * machine's address; "sync://" for a sync profile.
   */
  public String url() {
    if (listener == null) {
      return "sync://";
    }
    MiraiUrl bound = listener.url();
    if (bound.isIpc()) {
      return bound.toString();
    }
    return new MiraiUrl(bound.scheme(), advertisedHost(bound), bound.port(), bound.path())
        .toString();
  }

  // ---- tasks ----

  /**
   * Encodes a task and submits it.
   *
   * @param block whether to wait for room under the memory cap; if false and full, null
   * @throws IllegalArgumentException when the task cannot be serialized, naming the class
   */
  public PendingTask submit(Object task, Duration timeout, boolean block)
      throws InterruptedException {
    return submit(task, timeout, null, block);
  }

  /**
   * Encodes a task and submits it, with retries on a lost daemon (null: the profile's default).
   *
   * @param block whether to wait for room under the memory cap; if false and full, null
   * @throws IllegalArgumentException when the task cannot be serialized, naming the class
   */
  public PendingTask submit(Object task, Duration timeout, Integer retries, boolean block)
      throws InterruptedException {
    return submit(task, timeout, retries, List.of(), block);
  }

  /**
   * Encodes a task and submits it, with retries (null: the profile's default), to a daemon
   * holding every label of {@code requires} (empty: any).
   *
   * @param block whether to wait for room under the memory cap; if false and full, null
   * @throws IllegalArgumentException when the task cannot be serialized, naming the class
   */
  public PendingTask submit(Object task, Duration timeout, Integer retries,
      List<String> requires, boolean block) throws InterruptedException {
    return submit(task, timeout, retries, requires, block, true);
  }

  /**
   * As {@link #submit(Object, Duration, Integer, List, boolean)}, but the task draws no stream
   * of the profile's seed: a chunk of a map carries its items' streams, reserved in advance
   * with {@link #reserveStreams(int)}.
   */
  public PendingTask submitWithoutStream(Object task, Duration timeout, Integer retries,
      List<String> requires, boolean block) throws InterruptedException {
    return submit(task, timeout, retries, requires, block, false);
  }

  /**
   * Draws the next {@code n} task streams now, in submission order, as {@code n} mirai
   * submitted here would; four longs per stream, null without a seed.
   */
  public long[] reserveStreams(int n) {
    synchronized (submitLock) {
      return encoder.drawStreams(n);
    }
  }

  /**
   * The bytes a task takes as a TASK frame without a stream.
   *
   * @throws IllegalArgumentException when the task cannot be serialized, naming the class
   */
  public int encodedLength(Object task) {
    return encoder.encodeTask(task, false).length();
  }

  /** A fresh id from the sequence task ids come from, for a map's item. */
  public static long nextTaskId() {
    return TaskEncoder.nextId();
  }

  private PendingTask submit(Object task, Duration timeout, Integer retries,
      List<String> requires, boolean block, boolean stream) throws InterruptedException {
    int tries = retries != null ? retries : config.retries();
    Bytes bytes = encoder.encodeTask(task, stream);
    byte[] frame = bytes.array();
    long gated = 0;
    if (memory.bounded() && config.dispatcher()) {
      gated = bytes.length();
      if (block) {
        memory.acquire(gated);
      } else if (!memory.tryAcquire(gated)) {
        return null;
      }
    }
    // R: otel_mirai_span(); nothing more than a check without an SDK or a current span.
    Span span = Tracing.startMirai(setSpan);
    SpanContext carried = Tracing.carried(span);
    if (carried != null) {
      bytes = TaskEncoder.withTrace(bytes, carried);
      frame = bytes.array();
    }
    PendingTask pending;
    try {
      synchronized (submitLock) {
        if (stream) {
          encoder.drawStream(frame);
        }
        pending = new PendingTask(
            TaskEncoder.nextId(), frame, bytes.length(), timeout, tries, requires, gated);
        if (scheduler != null) {
          scheduler.submit(pending);
        }
      }
    } catch (RuntimeException | Error e) {
      if (span != null) {
        span.end();
      }
      throw e;
    }
    if (span != null) {
      Tracing.miraiSubmitted(span, pending.id(), pending.future());
    }
    if (inProcess != null) {
      pending.future().complete(
          new TaskOutcome(inProcess.evaluate(Arrays.copyOf(frame, bytes.length())), null));
    } else if (config.ephemeral()) {
      launchLocal(1);
    }
    return pending;
  }

  /** Submits one copy of a task per daemon (at least {@code min}), as a sync point. */
  public List<PendingTask> submitEverywhere(Object task, int min) {
    Bytes bytes = encoder.encodeEverywhere(task);
    SpanContext carried = Tracing.carried(null); // no span of its own: the caller's, if any
    if (carried != null) {
      bytes = TaskEncoder.withTrace(bytes, carried);
    }
    byte[] frame = bytes.array();
    if (inProcess != null) {
      PendingTask pending = new PendingTask(TaskEncoder.nextId(), frame, bytes.length(), null, 0);
      pending.future().complete(
          new TaskOutcome(inProcess.evaluate(Arrays.copyOf(frame, bytes.length())), null));
      return List.of(pending);
    }
    int connected = connections();
    // R: max(.min, connections) with dispatcher; max(pipes, n) without.
    int wanted = config.dispatcher() ? min : Math.max(min, config.n());
    int count = Math.max(wanted, connected);
    List<PendingTask> tasks = new ArrayList<>();
    synchronized (submitLock) {
      for (int i = 0; i < count; i++) {
        tasks.add(new PendingTask(TaskEncoder.nextId(), frame, bytes.length(), null, 0));
      }
      if (!tasks.isEmpty()) {
        scheduler.submitEverywhere(tasks, wanted);
      }
    }
    return tasks;
  }

  /** Tells the dispatcher a task's future was completed from outside. */
  public void canceled(PendingTask task) {
    if (scheduler != null) {
      scheduler.canceled(task);
    }
  }

  /** Decodes a value or error from a RESULT payload. */
  public Object decode(byte[] payload) throws IOException, ClassNotFoundException {
    return encoder.decode(payload);
  }

  // ---- daemons ----

  private void connectionsChanged(int count) {
    synchronized (connectionsLock) {
      connections = count;
      connectionsLock.notifyAll();
    }
  }

  /** A local daemon exited: awaitConnections checks at once whether the rest can still make it. */
  private void wakeConnectionWaiters() {
    synchronized (connectionsLock) {
      connectionsLock.notifyAll();
    }
  }

  /** For the supervisor, built before {@link #local} (which needs it), so asked through here. */
  private boolean isLocalPid(long pid) {
    return local.isLocalPid(pid);
  }

  /** Daemons connected now. */
  public int connections() {
    synchronized (connectionsLock) {
      return connections;
    }
  }

  /** The arguments after the daemon command: URL and options (the secret is not among them). */
  List<String> daemonArgs(DaemonOptions options) {
    List<String> args = new ArrayList<>();
    args.add(url());
    args.addAll(options.toArgs());
    return args;
  }

  private DaemonOptions launchOptions() {
    return launchOptions(config.daemonOptions());
  }

  /**
   * The options a launch puts on the daemon's command line: {@code base} (the profile's, or a
   * launch's own) with the profile's dispatcher setting and TLS certificate.
   */
  private DaemonOptions launchOptions(DaemonOptions base) {
    // the launchers choose how the secret reaches each daemon
    DaemonOptions.Builder b = base.toBuilder().dispatcher(config.dispatcher())
        .secret(null).secretFile(null).secretStdin(false);
    if (tls != null && base.tlsCert() == null) {
      b.tlsCert(tls.certificateChainPem()); // inline, so a printed command runs anywhere
    }
    if (config.ephemeral()) {
      b.maxTasks(1);
    }
    return b.build();
  }

  /** Launches local daemons; returns the commands run (the secret travels in the environment). */
  public List<String> launchLocal(int n) {
    return launchLocal(n, new String[0]);
  }

  /**
   * Launches local daemons carrying {@code labels} (none: the profile's daemon options' own);
   * returns the commands run.
   */
  public List<String> launchLocal(int n, String... labels) {
    DaemonOptions options = labels.length == 0
        ? launchOptions() : launchOptions().toBuilder().labels(labels).build();
    return launchLocalWith(n, options);
  }

  /**
   * Launches local daemons with {@code options} in place of the profile's daemon options (R:
   * {@code launch_local(n, ...)}); returns the commands run.
   */
  public List<String> launchLocal(int n, DaemonOptions options) {
    return launchLocalWith(n, launchOptions(options));
  }

  /** Launches local daemons with options ready for the command line. */
  private List<String> launchLocalWith(int n, DaemonOptions options) {
    if (listener == null) {
      throw new IllegalStateException("a sync profile has no daemons to launch");
    }
    return local.start(n, daemonArgs(options), secret, options);
  }

  /**
   * Launches {@code n} daemons for the autoscaler carrying {@code labels} (null: the profile's
   * daemon options' own) through {@code remote} (null: local processes): scaling ones leave
   * after {@code idle} without work. Returns the local processes, none when remote.
   */
  private List<Process> launchScaled(List<String> labels, RemoteConfig remote, int n,
      boolean scaling, Duration idle) {
    DaemonOptions.Builder b = launchOptions().toBuilder();
    if (labels != null) {
      b.labels(labels.toArray(String[]::new));
    }
    if (scaling) {
      b.idleTime(idle);
    }
    DaemonOptions options = b.build();
    if (remote != null) {
      launchRemote(n, remote, false, options);
      return List.of();
    }
    List<Process> started = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      started.add(local.startOne(daemonArgs(options), secret, options));
    }
    return started;
  }

  /** Launches daemons through a remote configuration; returns the commands (see RemoteConfig#launch). */
  public List<String> launchRemote(int n, RemoteConfig remote) {
    return launchRemote(n, remote, true);
  }

  /**
   * Launches daemons through a remote configuration with {@code options} in place of the
   * profile's daemon options (R: {@code launch_remote(n, remote, ...)}); returns the commands.
   */
  public List<String> launchRemote(int n, RemoteConfig remote, DaemonOptions options) {
    return launchRemote(n, remote, true, launchOptions(options));
  }

  private List<String> launchRemote(int n, RemoteConfig remote, boolean count) {
    return launchRemote(n, remote, count, launchOptions());
  }

  private List<String> launchRemote(int n, RemoteConfig remote, boolean count,
      DaemonOptions options) {
    if (listener == null) {
      throw new IllegalStateException("a sync profile has no daemons to launch");
    }
    List<String> args = new ArrayList<>();
    args.add("daemon");
    args.addAll(daemonArgs(options));
    try {
      // the launcher hands the secret over its own way, never on a command line
      List<String> commands = remote.launch(n, args, url(), secret);
      if (count && remote.startsDaemons()) {
        // what it starts, it starts again when lost, with the same options
        if (remote instanceof CommandConfig each && each.args().size() > 1) {
          // one list per daemon: a lost one is relaunched with one list, not all of them
          for (List<String> list : each.args()) {
            supervisor.remoteLaunched(
                new Supervisor.RemoteLaunch(each.withArgs(List.of(list)), options), 1);
          }
        } else {
          supervisor.remoteLaunched(new Supervisor.RemoteLaunch(remote, options), n);
        }
      }
      return commands;
    } catch (IOException e) {
      throw new UncheckedIOException("launching remote daemons failed: " + e.getMessage(), e);
    }
  }

  /**
   * Waits until {@code n} daemons are connected, logging progress at WARN every 5 s when it
   * takes long.
   *
   * @throws IllegalStateException when every launched daemon exited before connecting
   */
  public void awaitConnections(int n) {
    long started = System.nanoTime();
    long nextReport = started + PROGRESS_EVERY.toNanos();
    synchronized (connectionsLock) {
      while (connections < n) {
        local.checkAlive(connections, n, url());
        long now = System.nanoTime();
        if (now - nextReport >= 0) {
          log.warn("profile {}: waiting for daemons at {}: {}/{} connected after {} s",
              config.name(), url(), connections, n,
              TimeUnit.NANOSECONDS.toSeconds(now - started));
          nextReport = now + PROGRESS_EVERY.toNanos();
        }
        try {
          connectionsLock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextReport - now)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for daemons", e);
        }
      }
    }
  }

  // ---- state ----

  /** The counters; {@code cumulative} counts daemons ever connected, as in mirai. */
  public Info info() {
    if (scheduler == null) {
      return new Info(0, null, null, null, null);
    }
    return scheduler.info();
  }

  public Status status() {
    Info info = info();
    Memory mem = config.dispatcher() && !config.sync()
        ? new Memory(memory.used(), memory.peak(), memory.bounded() ? memory.capacity() : null)
        : null;
    long rejected = scheduler == null ? 0 : scheduler.rejectedCount();
    if (scheduler == null) {
      return new Status(info.connections(), url(), info, mem, rejected);
    }
    Scheduler.Counts counts = scheduler.counts();
    Autoscaler a = autoscaler;
    return new Status(counts.info().connections(), url(), counts.info(), mem, rejected,
        counts.joined(), counts.lost(), supervisor.relaunched(), counts.tasks(),
        counts.waitingForLabels(), counts.setupFailed(), a == null ? 0 : a.launching(),
        a == null ? 0 : a.scaledUp(), a == null ? 0 : a.scaledDown(),
        a == null ? 0 : a.failed(), counts.daemons(), a == null ? List.of() : a.groups());
  }

  /**
   * Closes the profile: every unresolved task resolves to CONNECTION_RESET, connections close
   * (with {@code exitDaemons}, after telling each daemon to exit, persistent ones too), and
   * local daemons that exit on disconnection are waited for.
   */
  public void close(boolean exitDaemons) {
    if (closed) {
      return;
    }
    closed = true;
    lifecycle("reset", null);
    local.closing();
    if (autoscaler != null) {
      autoscaler.close();
    }
    supervisor.close();
    if (scheduler != null) {
      // Stop accepting first, so a persistent daemon cannot redial into a closing profile.
      listener.close();
      scheduler.shutdown(exitDaemons);
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
    local.reap(exitDaemons);
    Tracing.profileReset(url(), config.name(), config.dispatcher(), setSpan);
    File[] files = workDir.toFile().listFiles();
    if (files != null) {
      for (File f : files) {
        f.delete();
      }
    }
    workDir.toFile().delete();
  }

  /**
   * For tests: the command local daemons start with from now on, before "URL OPTIONS" (e.g. one
   * that exits at once, to see relaunch back off); null restores the usual one.
   */
  public void daemonCommandForTesting(List<String> command) {
    local.daemonCommandForTesting(command);
  }

  /** The local daemon processes started by this profile. */
  public List<Process> processes() {
    return local.processes();
  }
}
