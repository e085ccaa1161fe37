package org.mirai4j.internal.host;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Starts daemon processes on this machine with this JVM's java and class path. */
public final class LocalLauncher {
  /** JVM options for a daemon: small and quick to start (see the README's design notes). */
  static final List<String> JVM_OPTIONS = List.of(
      "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:-UsePerfData",
      "-Xss512k", "-XX:CICompilerCount=1", "-Dio.netty.jfr.enabled=false");

  private LocalLauncher() {}

  /** This JVM's java executable. */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * This JVM's class path, with a manifest-only jar (as surefire makes) expanded to the entries
   * its manifest lists.
   */
  public static String classPath() {
    String cp = ManagementFactory.getRuntimeMXBean().getClassPath();
    String[] entries = cp.split(File.pathSeparator);
    if (entries.length != 1 || !entries[0].endsWith(".jar")) {
      return cp;
    }
    try (JarFile jar = new JarFile(entries[0])) {
      Manifest manifest = jar.getManifest();
      String listed = manifest == null
          ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (listed == null || listed.isBlank()) {
        return cp;
      }
      List<String> expanded = new ArrayList<>();
      URI base = Path.of(entries[0]).toAbsolutePath().getParent().toUri();
      for (String entry : listed.trim().split("\\s+")) {
        Path path = Path.of(base.resolve(entry));
        if (Files.exists(path)) {
          expanded.add(path.toString());
        }
      }
      // Keep the jar itself too: it may hold classes beside its manifest.
      expanded.add(entries[0]);
      return String.join(File.pathSeparator, expanded);
    } catch (IOException | IllegalArgumentException e) {
      return cp;
    }
  }

  /** The command (no shell) that runs a daemon here, before "URL OPTIONS". */
  public static List<String> daemonCommand() {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(JVM_OPTIONS);
    command.add("-cp");
    command.add(classPath());
    command.add("org.mirai4j.Daemon");
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
    List<String> command = daemonCommand();
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
