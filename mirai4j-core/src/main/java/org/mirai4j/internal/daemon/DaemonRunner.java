package org.mirai4j.internal.daemon;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.mirai4j.AutoExit;
import org.mirai4j.DaemonOptions;
import org.mirai4j.internal.protocol.Frame;
import org.mirai4j.internal.protocol.FrameType;
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
  /** Exit code: idle for idletime. */
  public static final int EXIT_IDLETIME = 1;
  /** Exit code: walltime reached. */
  public static final int EXIT_WALLTIME = 2;
  /** Exit code: maxtasks reached. */
  public static final int EXIT_MAXTASKS = 3;

  /** Environment variable a daemon reads its secret from when none is given. */
  public static final String SECRET_ENV = "MIRAI4J_SECRET";

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
    String secretText = options.secret() != null ? options.secret() : System.getenv(SECRET_ENV);
    if (secretText == null || secretText.isEmpty()) {
      throw new IllegalArgumentException(
          "no secret: give DaemonOptions.secret(...), --secret=... or the environment variable "
              + SECRET_ENV + " (the host's Daemons.url() launch commands carry it)");
    }
    this.secret = Handshake.secretBytes(secretText);
    this.processWide = processWide;
    Duration wall = options.wallTime();
    this.deadlineNanos = wall == null ? Long.MAX_VALUE : System.nanoTime() + wall.toNanos();
  }

  /**
   * Runs until an exit condition.
   *
   * @return 0 normal, 1 idletime, 2 walltime, 3 maxtasks
   * @throws IOException when the first dial fails and asyncdial is off, or the host is not a
   *     mirai4j host with this secret
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
      } catch (IOException e) {
        connection.close();
        if (options.autoExit() == AutoExit.NEVER) {
          // Not our host (yet): another secret or version, or one shutting down. Keep waiting.
          Thread.sleep(REDIAL_MAX_MS);
          continue;
        }
        if (e instanceof EOFException || e instanceof java.net.SocketException) {
          throw new IOException("the host at " + url + " closed the connection during the"
              + " handshake (wrong secret, or not a mirai4j host)", e);
        }
        throw e;
      }
      Session.Outcome outcome = new Session(this, connection, welcome).serve();
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
  record Welcome(RandomGenerator random, JavaSerializer serializer) {}

  private Welcome handshake(BlockingConnection connection)
      throws IOException {
    Frame hello = connection.read();
    if (hello.type() != FrameType.HELLO) {
      throw new ProtocolException("expected HELLO from " + url + ", got " + hello.type());
    }
    byte[] hostNonce = Handshake.readHello(hello.buffer());
    byte[] daemonNonce = Handshake.nonce();
    byte flags = options.dispatcher() ? Handshake.FLAG_DISPATCHER : 0;
    connection.write(
        FrameType.AUTH, 0,
        Handshake.auth(flags, daemonNonce, Handshake.daemonProof(secret, hostNonce, daemonNonce),
            ProcessHandle.current().pid()));
    // The WELCOME may carry serializer registrations; allow it more room than a greeting.
    connection.setLimit(16 * 1024 * 1024);
    Frame welcome = connection.read();
    if (welcome.type() != FrameType.WELCOME) {
      throw new ProtocolException("expected WELCOME from " + url + ", got " + welcome.type());
    }
    ByteBuffer payload = welcome.buffer();
    byte[] proof = new byte[Handshake.PROOF_BYTES];
    payload.get(proof);
    if (!Handshake.verify(Handshake.hostProof(secret, daemonNonce, hostNonce), proof)) {
      throw new ProtocolException("the host at " + url + " failed to prove the secret");
    }
    connection.setLimit(Frames.DEFAULT_LIMIT);
    byte[] stream = new byte[RandomStreams.STATE_BYTES];
    payload.get(stream);
    RandomGenerator random =
        options.seed() != null
            ? RandomStreams.generator(options.seed())
            : RandomStreams.generator(stream);
    return new Welcome(random, SerialConfig.read(payload));
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
