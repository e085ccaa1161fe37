package org.mirai4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.mirai4j.Daemon;
import org.mirai4j.DaemonOptions;
import picocli.CommandLine.Command;
import org.mirai4j.internal.daemon.DaemonFlag;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
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

  /**
   * Adds the daemon's options, from the one table that also gives {@code DaemonOptions} and
   * {@code Daemon.usage()} theirs, to this command's spec.
   */
  static void addOptions(CommandSpec spec) {
    for (DaemonFlag flag : DaemonFlag.values()) {
      OptionSpec.Builder option = OptionSpec.builder(flag.option())
          .description(flag.description());
      if (flag.paramLabel() == null) {
        option.arity("0").type(boolean.class);
      } else {
        option.paramLabel(flag.paramLabel()).type(String.class);
      }
      spec.addOption(option.build());
    }
    // Parsed only to be refused by DaemonOptions.fromArgs, with a message that never repeats it.
    spec.addOption(OptionSpec.builder("--secret").hidden(true).type(String.class).build());
  }

  /** The daemon options as {@code mirai4j daemon} words after the URL, as given. */
  List<String> optionArgs() {
    ParseResult parsed = spec.commandLine().getParseResult();
    List<String> args = new ArrayList<>();
    for (DaemonFlag flag : DaemonFlag.values()) {
      OptionSpec option = parsed.matchedOption(flag.option());
      if (option != null) {
        args.add(flag.paramLabel() == null
            ? flag.option() : flag.option() + "=" + option.getValue());
      }
    }
    if (parsed.hasMatchedOption("--secret")) {
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
