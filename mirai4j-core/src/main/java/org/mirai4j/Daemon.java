package org.mirai4j;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mirai4j.internal.daemon.DaemonFlag;
import org.mirai4j.internal.daemon.DaemonRunner;
import org.mirai4j.internal.otel.DaemonSdk;
import org.mirai4j.internal.protocol.ProtocolException;

/**
 * An execution daemon (R: {@code daemon()}): dials the host at a URL, proves it holds the
 * profile's secret, then evaluates the tasks it is sent, one at a time, until an exit condition.
 * Normally {@link Daemons} launches daemons; run one by hand on any machine that can reach the
 * host with {@code mirai4j daemon URL [options]} or {@code java -cp … org.mirai4j.Daemon URL
 * [options]}, with the secret in the environment variable {@code MIRAI4J_SECRET}, a file only
 * its owner can read ({@code --secret-file=PATH}) or the first line of standard input
 * ({@code --secret-stdin}); never on the command line, which {@code ps} shows to every user.
 *
 * <h2>Exit codes</h2>
 *
 * {@link ExitReason} names them ({@code ExitReason.of(code)}, {@code ExitReason.describe(code)}):
 *
 * <ul>
 *   <li>0 — the host sent exit, or the connection ended ({@link AutoExit});
 *   <li>1 — idle for {@link DaemonOptions#idleTime()}, or for {@link DaemonOptions#wallTime()}
 *       when that is shorter: as R's {@code daemon()}, the wait for a task times out after
 *       {@code min(idletime, walltime)} and a timed-out wait exits with 1;
 *   <li>2 — {@link DaemonOptions#wallTime()} reached: a task that arrives past it runs as the
 *       last one, its result delivered first;
 *   <li>3 — {@link DaemonOptions#maxTasks()} reached (its last result delivered first);
 *   <li>64 — bad command line;
 *   <li>69 — the host could not be reached;
 *   <li>76 — the host failed the handshake (another secret or protocol version, not a mirai4j
 *       host, no answer in time) or broke the protocol (a frame failing its integrity check).
 * </ul>
 */
public final class Daemon {
  /** Process exit code for a bad command line. */
  public static final int EXIT_USAGE = 64;
  /** Process exit code when the host cannot be reached. */
  public static final int EXIT_UNAVAILABLE = 69;
  /** Process exit code when the host fails the handshake or breaks the protocol. */
  public static final int EXIT_PROTOCOL = 76;

  private static final long EXIT_GRACE_MS = 200;

  private Daemon() {}

  /**
   * Runs a daemon in this JVM until it exits. Blocks. JVM-wide settings (system properties,
   * locale, time zone) are left to their owner; {@link #main} restores them on cleanup since
   * there the daemon owns the JVM.
   *
   * @param url the host URL, e.g. {@code tcp://10.0.0.1:5555}
   * @param options the daemon's arguments; its secret, or the environment's
   * @return 0 normal, 1 idletime, 2 walltime, 3 maxtasks
   * @throws IllegalArgumentException for a malformed URL or a missing secret
   * @throws java.io.UncheckedIOException when the host cannot be reached (asyncdial off) or
   *     fails the handshake
   */
  public static int run(String url, DaemonOptions options) {
    return run(url, options, false);
  }

  static int run(String url, DaemonOptions options, boolean processWide) {
    try {
      return new DaemonRunner(url, options, processWide).run();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DaemonRunner.EXIT_NORMAL;
    }
  }

  /**
   * The command line: {@code [daemon] URL [--no-dispatcher] [--asyncdial]
   * [--autoexit=true|na|false] [--no-cleanup] [--output] [--idletime=MS] [--walltime=MS]
   * [--maxtasks=N] [--tlscert=FILE] [--seed=N] [--secret-file=PATH | --secret-stdin]}. Exits with {@link #run}'s code.
   */
  public static void main(String[] args) {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    if (!rest.isEmpty() && rest.get(0).equals("daemon")) {
      rest.remove(0);
    }
    if (rest.isEmpty() || rest.contains("--help") || rest.contains("-h")) {
      System.out.println(usage());
      System.exit(rest.isEmpty() ? EXIT_USAGE : 0);
    }
    DaemonOptions options;
    try {
      options = DaemonOptions.fromArgs(rest.subList(1, rest.size()));
    } catch (IllegalArgumentException e) {
      System.err.println("mirai4j daemon: " + e.getMessage());
      System.exit(EXIT_USAGE);
      return;
    }
    System.exit(runProcess(rest.get(0), options));
  }

  /** Runs a daemon that owns this JVM and returns the process exit code. */
  static int runProcess(String url, DaemonOptions options) {
    PrintStream err = System.err;
    if (!options.output()) {
      PrintStream devnull = new PrintStream(OutputStream.nullOutputStream());
      System.setOut(devnull);
      System.setErr(devnull);
    }
    // Its own spans, when OTEL_* settings and the SDK's autoconfigure module say so (README).
    AutoCloseable sdk = DaemonSdk.installIfConfigured(System.getenv(), System.getProperties(), err);
    int exitCode;
    try {
      exitCode = run(url, options, true);
    } catch (IllegalArgumentException e) {
      err.println("mirai4j daemon: " + e.getMessage());
      return EXIT_USAGE;
    } catch (java.io.UncheckedIOException e) {
      err.println("mirai4j daemon: " + e.getMessage());
      return e.getCause() instanceof ProtocolException ? EXIT_PROTOCOL : EXIT_UNAVAILABLE;
    } finally {
      DaemonSdk.close(sdk, err); // before the exit grace below, so the last spans are exported
    }
    int code = exitCode;
    // A task abandoned on exit may hold the JVM in shutdown; R gives it 200 ms too.
    Thread reaper = new Thread(() -> {
      try {
        Thread.sleep(EXIT_GRACE_MS);
      } catch (InterruptedException ignored) {
        return;
      }
      Runtime.getRuntime().halt(code); // the exit code survives a shutdown that hangs
    }, "mirai4j-exit-grace");
    reaper.setDaemon(true);
    reaper.start();
    return code;
  }

  /** The --help text. */
  public static String usage() {
    return String.join("\n",
        "Usage: mirai4j daemon URL [OPTIONS]",
        "Dial the mirai4j host at URL and evaluate the tasks it sends (R: mirai::daemon).",
        "URL schemes: tcp://host:port, tls+tcp://host:port, ipc:///path, ws://host:port/path,",
        "wss://host:port/path; IPv6 as tcp://[::1]:5555.",
        "The secret comes from the environment variable MIRAI4J_SECRET, or from --secret-file or",
        "--secret-stdin; never from the command line, which ps shows to every user.")
        + "\n\n" + String.join("\n", DaemonFlag.usageLines()) + "\n\n" + String.join("\n",
        "Exit codes: 0 normal, 1 idletime, 2 walltime, 3 maxtasks, 64 usage, 69 host unreachable,",
        "76 handshake or protocol failure (wrong secret or version, altered frames).");
  }
}
