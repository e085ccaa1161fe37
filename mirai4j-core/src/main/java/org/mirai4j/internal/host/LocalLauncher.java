package org.mirai4j.internal.host;

import java.io.File;
import java.io.IOException;
import java.util.List;
import org.mirai4j.launch.DaemonCommand;

/** Starts daemon processes on this machine with this JVM's java and class path. */
public final class LocalLauncher {
  /**
   * JVM options for a daemon: class-data sharing, no perf data file. The collector and the JIT
   * are the JVM's defaults: G1 takes large arrays without copying them (the serial collector
   * spent 70 ms a round trip promoting an 80 MB payload), and tasks are the work.
   */
  static final List<String> JVM_OPTIONS = List.of("-Xshare:auto", "-XX:-UsePerfData");

  private LocalLauncher() {}

  /** The command (no shell) that runs a daemon here, before "URL OPTIONS". */
  public static List<String> daemonCommand() {
    List<String> command = DaemonCommand.localJava();
    command.addAll(1, JVM_OPTIONS);
    return command;
  }

  /**
   * Starts one daemon process.
   *
   * @param args the daemon's URL and options
   * @param secret handed over in the environment, never on the command line
   * @param output whether the daemon's stdout and stderr reach this process's
   * @param errorLog where its stderr goes when output is off, for error messages
   */
  static Process start(List<String> args, String secret, boolean output, File errorLog)
      throws IOException {
    return start(daemonCommand(), args, secret, output, errorLog);
  }

  /** As {@link #start(List, String, boolean, File)}, with another command before the args. */
  static Process start(List<String> daemonCommand, List<String> args, String secret,
      boolean output, File errorLog) throws IOException {
    List<String> command = new java.util.ArrayList<>(daemonCommand);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("MIRAI4J_SECRET", secret);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    if (output) {
      builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    } else {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.redirectError(errorLog);
    }
    return builder.start();
  }
}
