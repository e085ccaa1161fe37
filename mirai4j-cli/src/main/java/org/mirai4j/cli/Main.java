package org.mirai4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code mirai4j} command: {@code daemon}, {@code demo} and (through the {@code mirai4j}
 * script) {@code bench}.
 *
 * <pre>
 * mirai4j daemon tcp://10.0.0.1:5555 --maxtasks=100   # a daemon that dials the host
 * mirai4j demo --daemons=4 --items=100                # the quick start
 * mirai4j bench ...                                   # benchmarks (mirai4j-bench.jar)
 * </pre>
 *
 * Exit codes: those of the subcommand; 64 for a bad command line.
 */
@Command(
    name = "mirai4j",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    exitCodeOnInvalidInput = Main.EXIT_USAGE,
    exitCodeOnExecutionException = 70,
    description = {
      "Minimalist async evaluation for the JVM: tasks run in daemon JVMs that dial in to the host.",
      ""
    },
    subcommands = {DaemonCommand.class, DemoCommand.class, BenchCommand.class},
    commandListHeading = "%nCommands:%n",
    footerHeading = "%n",
    footer = {
      "Run 'mirai4j COMMAND --help' for a command's options.",
      "",
      "Exit codes: 0 success; 1 idletime, 2 walltime, 3 maxtasks (daemon);",
      "64 bad command line; 69 host unreachable, 76 handshake or protocol failure (daemon)."
    })
public final class Main implements Callable<Integer> {
  /** Exit code for a bad command line (sysexits EX_USAGE), as {@code org.mirai4j.Daemon}. */
  public static final int EXIT_USAGE = 64;

  @Spec CommandSpec spec;

  /** Without a command: print the usage and fail as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return EXIT_USAGE;
  }

  /** The configured command line; tests set its out/err and call {@code execute}. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    DaemonCommand.addOptions(cl.getSubcommands().get("daemon").getCommandSpec());
    cl.setParameterExceptionHandler(Main::badCommandLine);
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** A bad command line: the message, a hint, exit code 64 (not the whole usage text). */
  static int badCommandLine(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    java.io.PrintWriter err = cl.getErr();
    err.println(cl.getCommandName().equals("mirai4j")
        ? "mirai4j: " + ex.getMessage()
        : "mirai4j " + cl.getCommandName() + ": " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return EXIT_USAGE;
  }

  /** This build's version, from {@code version.properties} (filled in by Maven). */
  public static String version() {
    Properties p = new Properties();
    try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException ignored) {
      // fall through to the default
    }
    String v = p.getProperty("version", "");
    return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
  }

  /** {@code --version}. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "mirai4j " + version(),
        "JVM: ${java.version} (${java.vendor} ${java.vm.name} ${java.vm.version})"
      };
    }
  }
}
