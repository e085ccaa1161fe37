package org.mirai4j.launch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches daemons with any command (R: {@code remote_config}). Create with
 * {@link RemoteConfig#command}.
 *
 * <p>For each daemon, {@code /bin/sh -c '<command> <args…>'} runs, the {@code "."} among the
 * arguments replaced by the daemon command line: quoted as one word when {@code quote} is set
 * (for {@code ssh host .} or {@code sh -c .}), else as its words (for {@code srun .}). The
 * arguments are shell text pasted as they are, as in mirai ({@code "-n 1"} is two words).
 *
 * <p>The secret is written to the command's standard input and the daemon runs with
 * {@code --secret-stdin}, so it is on no command line, here or on the far side; the command must
 * pass its standard input on to the daemon, as {@code ssh host .}, {@code sh -c .} and
 * {@code srun .} do.
 *
 * <p>By default the command is not waited for, as mirai does ({@code srun .} runs the daemon in
 * the foreground): a non-zero exit is only logged at WARN with its error output. With
 * {@link #withWaitForExit(boolean) withWaitForExit(true)} {@link #launch} waits for each command to
 * finish and throws {@link IOException} with its error output if it fails.
 *
 * <h2>One argument list per launch</h2>
 *
 * Made by {@link RemoteConfig#commands} with several argument lists (R: {@code
 * remote_config(args = list(c(...), c(...)))}), the command runs once per list, so each daemon
 * can go elsewhere: {@code launch(1, …)} or {@code launch(k, …)} for k lists launches k
 * daemons, the i-th with the i-th list; any other {@code n} is refused, as in mirai. With one
 * list, {@code launch(n, …)} runs it {@code n} times.
 */
public final class CommandConfig implements RemoteConfig {
  private static final Logger LOG = LoggerFactory.getLogger(CommandConfig.class);

  private final String command;
  /** One list per launch; a single list is run {@code n} times. */
  private final List<List<String>> args;
  private final boolean quote;
  private final boolean waitForExit;
  private final String daemonCommand;

  private CommandConfig(String command, List<List<String>> args, boolean quote, boolean waitForExit,
      String daemonCommand) {
    this.command = command;
    this.args = args;
    this.quote = quote;
    this.waitForExit = waitForExit;
    this.daemonCommand = daemonCommand;
  }

  static CommandConfig create(String command, List<String> args, boolean quote) {
    Objects.requireNonNull(command, "command");
    return new CommandConfig(command, List.of(checkArgs(args)), quote, false, null);
  }

  static CommandConfig createEach(String command, List<List<String>> argLists, boolean quote) {
    Objects.requireNonNull(command, "command");
    return new CommandConfig(command, checkArgLists(argLists), quote, false, null);
  }

  private static List<List<String>> checkArgLists(List<List<String>> argLists) {
    Objects.requireNonNull(argLists, "args");
    if (argLists.isEmpty()) {
      throw new IllegalArgumentException("args is an empty list of argument lists");
    }
    return argLists.stream().map(CommandConfig::checkArgs).toList();
  }

  private static List<String> checkArgs(List<String> args) {
    List<String> a = List.copyOf(args);
    long dots = a.stream().filter("."::equals).count();
    if (dots != 1) {
      throw new IllegalArgumentException("args must contain \".\" exactly once (where the daemon command goes), got: "
          + a);
    }
    return a;
  }

  /** The argument lists, one per launch (a single one when made by {@link RemoteConfig#command}). */
  public List<List<String>> args() {
    return args;
  }

  /**
   * Returns a copy with other argument lists, one per launch, as {@link RemoteConfig#commands}
   * takes them.
   *
   * @throws IllegalArgumentException when there is none or one has no {@code "."}
   */
  public CommandConfig withArgs(List<List<String>> argLists) {
    return new CommandConfig(command, checkArgLists(argLists), quote, waitForExit, daemonCommand);
  }

  /**
   * Returns a copy that waits for each command to exit and fails on a non-zero exit code.
   *
   * @param wait whether to wait
   * @return a new configuration
   */
  public CommandConfig withWaitForExit(boolean wait) {
    return new CommandConfig(command, args, quote, wait, daemonCommand);
  }

  @Override
  public CommandConfig withDaemonCommand(String cliCommand) {
    return new CommandConfig(command, args, quote, waitForExit, Launch.checkDaemonCommand(cliCommand));
  }

  /**
   * {@inheritDoc}
   *
   * @return one shell command line per daemon, as given to {@code /bin/sh -c}
   */
  @Override
  public List<String> launch(int n, List<String> daemonArgs, String hostUrl, String secret) throws IOException {
    Launch.checkN(n);
    Launch.checkSecret(secret);
    if (args.size() > 1 && n != 1 && n != args.size()) {
      throw new IllegalArgumentException("n must equal the number of argument lists ("
          + args.size() + "), or either must be 1: n = " + n);
    }
    int launches = args.size() > 1 ? args.size() : n;
    List<String> withSecret = secret == null ? daemonArgs : Launch.withArg(daemonArgs, Launch.SECRET_STDIN);
    String stdin = secret == null ? null : secret + "\n";
    List<Launch.Tool> tools = new ArrayList<>(launches);
    List<String> lines = new ArrayList<>(launches);
    try {
      for (int i = 0; i < launches; i++) {
        String text = commandLine(args.get(args.size() > 1 ? i : 0), withSecret);
        tools.add(Launch.Tool.start(List.of("/bin/sh", "-c", text), stdin, Map.of(), null));
        lines.add(text);
      }
    } catch (IOException e) {
      tools.forEach(Launch.Tool::cleanup);
      throw e;
    }
    if (waitForExit) {
      Launch.awaitAll(tools, Launch.DEFAULT_TOOL_TIMEOUT);
    } else {
      for (int i = 0; i < tools.size(); i++) {
        Launch.Tool t = tools.get(i);
        String text = lines.get(i);
        t.process().onExit().thenAccept(p -> {
          if (p.exitValue() != 0) {
            LOG.warn("launch command exited with code {}: {}: {}", p.exitValue(), text, t.stderr().strip());
          }
          t.cleanup();
        });
      }
    }
    return lines;
  }

  /** The shell text run for one daemon, with the first argument list. */
  String commandLine(List<String> daemonArgs) {
    return commandLine(args.get(0), daemonArgs);
  }

  /** The shell text run for one daemon with one argument list. */
  private String commandLine(List<String> argList, List<String> daemonArgs) {
    String line = Launch.daemonLine(daemonCommand, daemonArgs);
    List<String> words = new ArrayList<>();
    words.add(command);
    for (String a : argList) {
      words.add(".".equals(a) ? (quote ? Shell.quote(line) : line) : a);
    }
    return String.join(" ", words.stream().filter(w -> !w.isEmpty()).toList());
  }

  @Override
  public String toString() {
    return args.size() == 1
        ? "RemoteConfig.command(" + command + ", " + args.get(0) + ", quote=" + quote + ")"
        : "RemoteConfig.commands(" + command + ", " + args + ", quote=" + quote + ")";
  }
}
