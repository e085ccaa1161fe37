package org.mirai4j.internal.daemon;

import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.mirai4j.AutoExit;
import org.mirai4j.DaemonOptions;
import org.mirai4j.internal.otel.Tracing;
import org.mirai4j.internal.protocol.Frame;
import org.mirai4j.internal.protocol.FrameType;
import org.mirai4j.internal.protocol.DaemonHandshake;
import org.mirai4j.internal.protocol.Frames;
import org.mirai4j.internal.protocol.Handshake;
import org.mirai4j.internal.protocol.ProtocolException;
import org.mirai4j.internal.rng.RandomStreams;
import org.mirai4j.internal.serial.JavaSerializer;
import org.mirai4j.internal.serial.SerialConfig;
import org.mirai4j.internal.transport.BlockingConnection;
import org.mirai4j.internal.transport.Dialer;
import org.mirai4j.internal.transport.MiraiUrl;

/**
 * Runs a daemon until it exits, redialing when persistent. See {@link
 * org.mirai4j.Daemon#run(String, DaemonOptions)} for the contract.
 */
public final class DaemonRunner {
  /** Exit code: the host said exit, or the connection ended. */
  public static final int EXIT_NORMAL = 0;
  /** Exit code: idle for idletime, or for walltime when that is shorter (as the seed). */
  public static final int EXIT_IDLETIME = 1;
  /** Exit code: a task arrived past walltime and ran as the marked last one. */
  public static final int EXIT_WALLTIME = 2;
  /** Exit code: maxtasks reached. */
  public static final int EXIT_MAXTASKS = 3;

  /** Environment variable a daemon reads its secret from when none is given. */
  public static final String SECRET_ENV = "MIRAI4J_SECRET";

  /** How long a host may take to greet and welcome a daemon that dialed it. */
  static final long HANDSHAKE_TIMEOUT_MS = 10_000;
  /** Timers of handshakes and heartbeats, shared by every daemon of this JVM. */
  static final ScheduledThreadPoolExecutor TIMERS = timers();

  private static ScheduledThreadPoolExecutor timers() {
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "mirai4j-daemon-timers");
      t.setDaemon(true);
      return t;
    });
    timers.setRemoveOnCancelPolicy(true);
    return timers;
  }

  /**
   * This machine's name for the handshake, read without a DNS lookup (which can take seconds
   * on a badly configured node).
   */
  static final String HOST_NAME = hostName();

  private static String hostName() {
    try {
      String name = java.nio.file.Files.readString(
          java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the environment may say
    }
    String env = System.getenv("HOSTNAME") != null ? System.getenv("HOSTNAME")
        : System.getenv("COMPUTERNAME");
    return env != null && !env.isBlank() ? env.strip() : "unknown";
  }

  private static final long REDIAL_MIN_MS = 50;
  private static final long REDIAL_MAX_MS = 2_000;

  private final MiraiUrl url;
  private final DaemonOptions options;
  private final byte[] secret;
  private final boolean processWide;
  private final long deadlineNanos;
  // The daemon's global state; one per daemon, kept across reconnections (R: globalenv()).
  private final ConcurrentHashMap<String, Object> globals = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, byte[]> classCache = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong tasksDone = new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param processWide whether this daemon owns its JVM (restores JVM-wide state on cleanup)
   */
  public DaemonRunner(String url, DaemonOptions options, boolean processWide) {
    this.url = MiraiUrl.parse(url);
    this.options = options;
    this.secret = Handshake.secretBytes(SecretReader.read(options, System.getenv(), System.in));
    this.processWide = processWide;
    Duration wall = options.wallTime();
    this.deadlineNanos = wall == null ? Long.MAX_VALUE : System.nanoTime() + wall.toNanos();
  }

  /**
   * Runs until an exit condition.
   *
   * @return 0 normal, 1 idletime, 2 walltime, 3 maxtasks
   * @throws IOException when the first dial fails and asyncdial is off
   * @throws ProtocolException when the host fails the handshake (not a mirai4j host, another
   *     secret or version, no answer in time) or breaks the protocol later (a frame failing its
   *     integrity check, say), unless the daemon is persistent
   */
  public int run() throws IOException, InterruptedException {
    boolean retry = options.asyncDial();
    long backoff = REDIAL_MIN_MS;
    while (true) {
      BlockingConnection connection;
      try {
        connection = Dialer.dial(url, options.tlsCert());
      } catch (IOException e) {
        if (!retry) {
          throw e;
        }
        // Persistent and async daemons wait for a host to appear at the URL.
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, REDIAL_MAX_MS);
        continue;
      }
      backoff = REDIAL_MIN_MS;
      Welcome welcome;
      try {
        welcome = handshake(connection);
      } catch (ProtocolException e) {
        connection.close();
        if (options.autoExit() == AutoExit.NEVER) {
          // Not our host (yet): another secret or version, or one shutting down. Keep waiting.
          Thread.sleep(REDIAL_MAX_MS);
          continue;
        }
        throw e;
      }
      // R: otel_span("daemon connect", url) once dialed; "daemon disconnect" links to it.
      String where = url.toString();
      SpanContext connected = Tracing.daemonConnect(where);
      Session.Outcome outcome = new Session(this, connection, welcome, connected).serve();
      Tracing.daemonDisconnect(where, connected);
      if (outcome.failure() != null && options.autoExit() != AutoExit.NEVER) {
        throw outcome.failure();
      }
      if (outcome.exitCode() >= 0) {
        return outcome.exitCode();
      }
      // Disconnected: only a persistent daemon lives on, redialing the same URL.
      if (options.autoExit() != AutoExit.NEVER) {
        return EXIT_NORMAL;
      }
      retry = true;
    }
  }

  /** What the host's WELCOME configured. */
  record Welcome(RandomGenerator random, JavaSerializer serializer, int heartbeatMillis) {}

  /**
   * Handshake v2, daemon side. The frame limit stays at the pre-authentication size until the
   * host's proof is checked; a host that does not finish within {@link #HANDSHAKE_TIMEOUT_MS}
   * (a silent listener, a slowloris) is given up on.
   */
  private Welcome handshake(BlockingConnection connection) throws IOException {
    // Set before the close, so the reader woken by it sees why (the future is done only after).
    java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
    ScheduledFuture<?> timeout = TIMERS.schedule(() -> {
      timedOut.set(true);
      connection.close();
    }, HANDSHAKE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    try {
      DaemonHandshake handshake = new DaemonHandshake(secret, options.dispatcher(),
          url.needsFrameIntegrity(), ProcessHandle.current().pid(), HOST_NAME, options.labels());
      Frame hello = connection.read();
      if (hello.type() != FrameType.HELLO) {
        throw new ProtocolException("expected HELLO from " + url + ", got " + hello.type());
      }
      connection.write(FrameType.AUTH, 0, handshake.auth(hello.payload()));
      Frame welcome = connection.read();
      if (welcome.type() != FrameType.WELCOME) {
        throw new ProtocolException("expected WELCOME from " + url + ", got " + welcome.type());
      }
      DaemonHandshake.Welcomed welcomed = handshake.welcome(welcome.payload());
      connection.authenticated(Frames.DEFAULT_LIMIT, welcomed.inbound(), welcomed.outbound());
      ByteBuffer config = ByteBuffer.allocate(0);
      if (welcomed.configFollows()) {
        Frame frame = connection.read();
        if (frame.type() != FrameType.CONFIG) {
          throw new ProtocolException("expected CONFIG from " + url + ", got " + frame.type());
        }
        config = frame.buffer();
      }
      RandomGenerator random = options.seed() != null
          ? RandomStreams.generator(options.seed())
          : RandomStreams.generator(welcomed.stream());
      // Decoding the profile's codecs may initialise their classes, which can take seconds on
      // a loaded machine: the host watches for heartbeats from now on, so keep them coming.
      int beat = welcomed.heartbeatMillis();
      ScheduledFuture<?> beating = beat == 0 ? null : TIMERS.scheduleAtFixedRate(() -> {
        try {
          connection.tryWrite(FrameType.HEARTBEAT);
        } catch (IOException e) {
          // the connection is gone: the session's first read says so
        }
      }, beat, beat, TimeUnit.MILLISECONDS);
      try {
        return new Welcome(random, SerialConfig.read(config), beat);
      } finally {
        if (beating != null) {
          beating.cancel(false);
        }
      }
    } catch (ProtocolException e) {
      throw e;
    } catch (IOException e) {
      if (timedOut.get()) {
        throw new ProtocolException("no handshake from " + url + " within "
            + HANDSHAKE_TIMEOUT_MS / 1000 + " s (not a mirai4j host, or one not answering)", e);
      }
      if (e instanceof java.io.EOFException || e instanceof java.net.SocketException) {
        throw new ProtocolException("the host at " + url + " closed the connection during the"
            + " handshake (wrong secret, or not a mirai4j host)", e);
      }
      throw new ProtocolException(e.getMessage(), e); // e.g. the dialer's wrong-scheme hint
    } finally {
      timeout.cancel(false);
    }
  }

  DaemonOptions options() {
    return options;
  }

  MiraiUrl url() {
    return url;
  }

  ConcurrentHashMap<String, Object> globals() {
    return globals;
  }

  boolean processWide() {
    return processWide;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  /** Class bytes shipped from hosts, by SHA-256, kept across tasks and connections. */
  ConcurrentHashMap<String, byte[]> classCache() {
    return classCache;
  }

  /** Counts a task that arrives; returns how many have, this one included. */
  long taskArrived() {
    return tasksDone.incrementAndGet();
  }
}
