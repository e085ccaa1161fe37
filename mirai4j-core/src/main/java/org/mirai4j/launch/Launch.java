package org.mirai4j.launch;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the launchers: the daemon command line and running a launch tool. */
final class Launch {
  /** How long a launch tool (ssh, sbatch, …) may run before it is killed. */
  static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(60);

  private static final File DEV_NULL = new File("/dev/null");

  private Launch() {}

  static void checkN(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n < 1: " + n);
    }
  }

  static String checkDaemonCommand(String cliCommand) {
    Objects.requireNonNull(cliCommand, "cliCommand");
    if (cliCommand.isBlank()) {
      throw new IllegalArgumentException("daemon command is blank");
    }
    return cliCommand.strip();
  }

  /** The environment variable a daemon reads its secret from. */
  static final String SECRET_ENV = "MIRAI4J_SECRET";

  /** The daemon option that reads the secret from the first line of standard input. */
  static final String SECRET_STDIN = "--secret-stdin";

  /**
   * Checks a secret handed to a launcher: a daemon reads one line, so it must be one line.
   * Messages never include it.
   */
  static String checkSecret(String secret) {
    if (secret != null && (secret.isEmpty() || secret.indexOf('\n') >= 0 || secret.indexOf('\r') >= 0
        || secret.indexOf('\0') >= 0)) {
      throw new IllegalArgumentException("the secret must be one non-empty line without NUL characters");
    }
    return secret;
  }

  /** {@code daemonArgs} followed by {@code extra}. */
  static List<String> withArg(List<String> daemonArgs, String extra) {
    List<String> args = new ArrayList<>(daemonArgs);
    args.add(extra);
    return args;
  }

  /** {@code <daemon command> <quoted daemonArgs…>}; the default command is this JVM's java. */
  static String daemonLine(String daemonCommand, List<String> daemonArgs) {
    Objects.requireNonNull(daemonArgs, "daemonArgs");
    String cmd = daemonCommand != null ? daemonCommand : Shell.join(DaemonCommand.localJava());
    return daemonArgs.isEmpty() ? cmd : cmd + " " + Shell.join(daemonArgs);
  }

  /** Host and port of a {@code scheme://host:port} URL; IPv6 hosts without brackets. */
  record HostPort(String host, int port) {}

  static HostPort hostPort(String url) {
    Objects.requireNonNull(url, "hostUrl");
    try {
      URI uri = new URI(url);
      String host = uri.getHost();
      if (host == null) {
        throw new IllegalArgumentException("no host in URL: " + url);
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return new HostPort(host, uri.getPort());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed URL: " + url, e);
    }
  }

  /** A started tool whose stdout and stderr go to temporary files (safe if it forks, as ssh -f does). */
  static final class Tool {
    private final List<String> argv;
    private final Process process;
    private final Path out;
    private final Path err;

    private Tool(List<String> argv, Process process, Path out, Path err) {
      this.argv = argv;
      this.process = process;
      this.out = out;
      this.err = err;
    }

    /**
     * Starts {@code argv} with {@code stdin} (or /dev/null) and extra environment variables.
     *
     * @throws IOException if the executable cannot be started
     */
    static Tool start(List<String> argv, String stdin, Map<String, String> env, File dir) throws IOException {
      Path out = Files.createTempFile("mirai4j-launch", ".out");
      Path err = Files.createTempFile("mirai4j-launch", ".err");
      ProcessBuilder pb = new ProcessBuilder(argv)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      pb.environment().putAll(env);
      if (dir != null) {
        pb.directory(dir);
      }
      if (stdin == null) {
        pb.redirectInput(DEV_NULL);
      }
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        throw new IOException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
      }
      if (stdin != null) {
        try (var in = p.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          // the tool exited without reading its input: its exit code and stderr tell why
        }
      }
      return new Tool(List.copyOf(argv), p, out, err);
    }

    Process process() {
      return process;
    }

    /**
     * Waits for the tool to exit; returns its standard output.
     *
     * @throws IOException with the tool's stderr if it exits non-zero or outlives {@code timeout}
     */
    String await(Duration timeout) throws IOException {
      try {
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
          process.destroyForcibly();
          throw new IOException(name() + " did not finish within " + timeout.toSeconds() + " s: "
              + Shell.join(argv) + detail(read(err)));
        }
        String stdout = read(out);
        int code = process.exitValue();
        if (code != 0) {
          String stderr = read(err);
          throw new IOException(name() + " failed (exit code " + code + ")"
              + detail(stderr.isBlank() ? stdout : stderr));
        }
        return stdout;
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + name(), e);
      } finally {
        cleanup();
      }
    }

    String stderr() {
      return read(err);
    }

    void cleanup() {
      try {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      } catch (IOException ignored) {
        // temp files; nothing else to do
      }
    }

    private String name() {
      return Path.of(argv.get(0)).getFileName().toString();
    }

    private static String detail(String text) {
      String t = text.strip();
      return t.isEmpty() ? "" : ": " + t;
    }

    private static String read(Path f) {
      try {
        return Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
  }

  /** Waits for all tools; if any failed, throws the first failure with the others suppressed. */
  static List<String> awaitAll(List<Tool> tools, Duration timeout) throws IOException {
    IOException failure = null;
    List<String> outs = new ArrayList<>(tools.size());
    for (Tool t : tools) {
      try {
        outs.add(t.await(timeout));
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return outs;
  }
}
