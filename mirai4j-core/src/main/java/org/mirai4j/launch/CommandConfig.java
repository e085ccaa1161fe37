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
 */
public final class CommandConfig implements RemoteConfig {
  private static final Logger LOG = LoggerFactory.getLogger(CommandConfig.class);

  private final String command;
  private final List<String> args;
  private final boolean quote;
  private final boolean waitForExit;
  private final String daemonCommand;

  private CommandConfig(String command, List<String> args, boolean quote, boolean waitForExit, String daemonCommand) {
    this.command = command;
    this.args = args;
    this.quote = quote;
    this.waitForExit = waitForExit;
    this.daemonCommand = daemonCommand;
  }

  static CommandConfig create(String command, List<String> args, boolean quote) {
    Objects.requireNonNull(command, "command");
    List<String> a = List.copyOf(args);
    long dots = a.stream().filter("."::equals).count();
    if (dots != 1) {
      throw new IllegalArgumentException("args must contain \".\" exactly once (where the daemon command goes), got: "
          + a);
    }
    return new CommandConfig(command, a, quote, false, null);
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
    String text = commandLine(secret == null ? daemonArgs : Launch.withArg(daemonArgs, Launch.SECRET_STDIN));
    String stdin = secret == null ? null : secret + "\n";
    List<Launch.Tool> tools = new ArrayList<>(n);
    List<String> lines = new ArrayList<>(n);
    try {
      for (int i = 0; i < n; i++) {
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
      for (Launch.Tool t : tools) {
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

  /** The shell text run for one daemon. */
  String commandLine(List<String> daemonArgs) {
    String line = Launch.daemonLine(daemonCommand, daemonArgs);
    List<String> words = new ArrayList<>();
    words.add(command);
    for (String a : args) {
      words.add(".".equals(a) ? (quote ? Shell.quote(line) : line) : a);
    }
    return String.join(" ", words.stream().filter(w -> !w.isEmpty()).toList());
  }

  @Override
  public String toString() {
    return "RemoteConfig.command(" + command + ", " + args + ", quote=" + quote + ")";
  }
}
