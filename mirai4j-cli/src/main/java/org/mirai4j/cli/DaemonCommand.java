package org.mirai4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.mirai4j.Daemon;
import org.mirai4j.DaemonOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mirai4j daemon URL [OPTIONS]} (R: {@code mirai::daemon}). Picocli gives {@code --help}
 * and validation; the daemon itself is {@link Daemon#main}, called with the same words, so it
 * behaves exactly as {@code java -cp … org.mirai4j.Daemon daemon URL …}: it owns the JVM and
 * exits with the daemon's code.
 */
@Command(
    name = "daemon",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    headerHeading = "",
    header = "Run a daemon that dials the host at URL and evaluates the tasks it sends.",
    exitCodeOnInvalidInput = Main.EXIT_USAGE,
    description = {
      "Dial the mirai4j host at URL and evaluate the tasks it sends, one at a time, until an"
          + " exit condition (R: mirai::daemon). Daemons.start(), launchLocal() and launchRemote()"
          + " normally run this for you; run it by hand on any machine that can reach the host.",
      "URL schemes: tcp://host:port, tls+tcp://host:port, ipc:///path, ws://host:port/path,"
          + " wss://host:port/path; IPv6 as tcp://[::1]:5555; port 0 picks a free port.",
      "The secret is read from the environment variable MIRAI4J_SECRET, --secret-file or"
          + " --secret-stdin, never from the command line, which ps shows to every user.",
      ""
    },
    footerHeading = "%n",
    footer = {
      "Exit codes: 0 normal (the host sent exit or the connection ended), 1 idletime,"
          + " 2 walltime, 3 maxtasks, 64 bad command line, 69 host unreachable, 76 handshake or"
          + " protocol failure (wrong secret or version, altered frames)."
    })
public final class DaemonCommand implements Callable<Integer> {

  /** What runs the daemon; {@link Daemon#main} (exits the JVM). Tests replace it. */
  static volatile Consumer<String[]> daemonMain = Daemon::main;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL",
      description = "the host URL, e.g. tcp://10.0.0.1:5555")
  String url;

  @Option(names = "--no-dispatcher",
      description = "dial the host directly instead of its dispatcher")
  boolean noDispatcher;

  @Option(names = "--asyncdial",
      description = "retry a failed dial for ever instead of failing at once")
  boolean asyncDial;

  @Option(names = "--autoexit", paramLabel = "true|na|false",
      description = "when the connection drops: exit at once (true, the default), after the"
          + " task in progress (na), or never, redialling (false)")
  String autoExit;

  @Option(names = "--no-cleanup", description = "keep state a task leaves behind")
  boolean noCleanup;

  @Option(names = "--output", description = "keep stdout and stderr (default: discarded)")
  boolean output;

  @Option(names = "--idletime", paramLabel = "MS",
      description = "exit with code 1 after MS milliseconds idle")
  Long idleTime;

  @Option(names = "--walltime", paramLabel = "MS",
      description = "exit with code 2 once MS milliseconds have passed")
  Long wallTime;

  @Option(names = "--maxtasks", paramLabel = "N", description = "exit with code 3 after N tasks")
  Long maxTasks;

  @Option(names = "--tlscert", paramLabel = "FILE|PEM",
      description = "certificate chain to trust for tls+tcp:// and wss://")
  String tlsCert;

  @Option(names = "--seed", paramLabel = "N",
      description = "seed of the daemon's initial random stream")
  Long seed;

  @Option(names = "--secret-file", paramLabel = "PATH",
      description = "read the secret from the first line of PATH, which only its owner may read"
          + " (chmod 600)")
  String secretFile;

  @Option(names = "--secret-stdin",
      description = "read the secret from the first line of standard input")
  boolean secretStdin;

  /** Refused with a message that never repeats it: a command line is visible to every user. */
  @Option(names = "--secret", hidden = true)
  String secretInArgv;

  /** The daemon options as {@code mirai4j daemon} words after the URL, as given. */
  List<String> optionArgs() {
    List<String> args = new ArrayList<>();
    if (noDispatcher) {
      args.add("--no-dispatcher");
    }
    if (asyncDial) {
      args.add("--asyncdial");
    }
    if (autoExit != null) {
      args.add("--autoexit=" + autoExit);
    }
    if (noCleanup) {
      args.add("--no-cleanup");
    }
    if (output) {
      args.add("--output");
    }
    if (idleTime != null) {
      args.add("--idletime=" + idleTime);
    }
    if (wallTime != null) {
      args.add("--walltime=" + wallTime);
    }
    if (maxTasks != null) {
      args.add("--maxtasks=" + maxTasks);
    }
    if (tlsCert != null) {
      args.add("--tlscert=" + tlsCert);
    }
    if (seed != null) {
      args.add("--seed=" + seed);
    }
    if (secretFile != null) {
      args.add("--secret-file=" + secretFile);
    }
    if (secretStdin) {
      args.add("--secret-stdin");
    }
    if (secretInArgv != null) {
      args.add("--secret"); // refused by DaemonOptions.fromArgs, without the value
    }
    return args;
  }

  @Override
  public Integer call() {
    List<String> options = optionArgs();
    try {
      DaemonOptions.fromArgs(options); // same validation as the daemon, before it owns the JVM
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("mirai4j daemon: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return Main.EXIT_USAGE;
    }
    List<String> words = new ArrayList<>();
    words.add("daemon");
    words.add(url);
    words.addAll(options);
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().flush();
    daemonMain.accept(words.toArray(new String[0]));
    return 0; // Daemon.main exits the JVM; reached only when daemonMain is replaced
  }
}
