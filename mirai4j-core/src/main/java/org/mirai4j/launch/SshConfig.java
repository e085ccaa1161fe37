package org.mirai4j.launch;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Launches daemons over the system {@code ssh} client (R: {@code ssh_config}). Create with
 * {@link RemoteConfig#ssh}.
 *
 * <h2>What runs</h2>
 * Without tunnelling, one {@code ssh} per daemon runs
 * {@code nohup sh -c '<daemon line>' >/dev/null 2>&1 </dev/null &} on the remote, so ssh returns
 * at once and the daemon outlives the session. With tunnelling, one
 * {@code ssh -o ForkAfterAuthentication=yes -R port:127.0.0.1:port} per remote (ssh's {@code -f},
 * but keeping standard input; OpenSSH 8.7 or later) starts that remote's daemons and stays open,
 * in the background, for as long as they run: the tunnel lives exactly as long as the daemons
 * need it (mirai keeps the session too). {@code ssh} always gets {@code -o BatchMode=yes} (never
 * prompt) and {@code -o ConnectTimeout}.
 *
 * <h2>The secret</h2>
 * It travels on ssh's standard input, never in its arguments (visible to {@code ps} here) nor
 * in the remote command (visible to {@code ps} there, as the login shell's {@code -c} argument):
 * the remote command starts with {@code IFS= read -r MIRAI4J_SECRET; export MIRAI4J_SECRET;}
 * (shell built-ins), so the daemons find it in their environment. The remote login shell must
 * be a POSIX shell (sh, bash, dash, ksh, zsh).
 *
 * <h2>Failures</h2>
 * A non-zero exit of {@code ssh} (host unreachable, authentication refused, forwarding refused)
 * throws an {@link IOException} with ssh's own message.
 */
public final class SshConfig implements RemoteConfig {
  /** Default {@code ConnectTimeout}: 10 s, as mirai. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final List<Remote> remotes;
  private final boolean tunnel;
  private final Duration connectTimeout;
  private final List<String> sshOptions;
  private final String sshCommand;
  private final String daemonCommand;

  record Remote(String url, String destination, int port) {}

  private SshConfig(List<Remote> remotes, boolean tunnel, Duration connectTimeout, List<String> sshOptions,
      String sshCommand, String daemonCommand) {
    this.remotes = remotes;
    this.tunnel = tunnel;
    this.connectTimeout = connectTimeout;
    this.sshOptions = sshOptions;
    this.sshCommand = sshCommand;
    this.daemonCommand = daemonCommand;
  }

  static SshConfig create(List<String> remotes, boolean tunnel) {
    Objects.requireNonNull(remotes, "remotes");
    if (remotes.isEmpty()) {
      throw new IllegalArgumentException("no remotes given");
    }
    List<Remote> parsed = remotes.stream().map(SshConfig::parse).collect(Collectors.toUnmodifiableList());
    return new SshConfig(parsed, tunnel, DEFAULT_CONNECT_TIMEOUT, List.of(), "ssh", null);
  }

  static Remote parse(String url) {
    Objects.requireNonNull(url, "remote");
    try {
      URI uri = new URI(url);
      if (!"ssh".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("remote must be ssh://[user@]host[:port], got: " + url);
      }
      String host = uri.getHost();
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      String user = uri.getUserInfo();
      return new Remote(url, user == null ? host : user + "@" + host, uri.getPort());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("remote must be ssh://[user@]host[:port], got: " + url, e);
    }
  }

  /**
   * Returns a copy with ssh's {@code ConnectTimeout}.
   *
   * @param timeout at least one second
   * @return a new configuration
   */
  public SshConfig withConnectTimeout(Duration timeout) {
    if (timeout.toSeconds() < 1) {
      throw new IllegalArgumentException("connect timeout < 1 s: " + timeout);
    }
    return new SshConfig(remotes, tunnel, timeout, sshOptions, sshCommand, daemonCommand);
  }

  /**
   * Returns a copy that passes {@code options} to {@code ssh} before its own, e.g.
   * {@code List.of("-F", "/path/ssh_config")} or {@code List.of("-i", key)}; an {@code -o} option
   * given here wins over the same one set by this class.
   *
   * @param options ssh arguments, one word each
   * @return a new configuration
   */
  public SshConfig withSshOptions(List<String> options) {
    return new SshConfig(remotes, tunnel, connectTimeout, List.copyOf(options), sshCommand, daemonCommand);
  }

  /**
   * Returns a copy that runs {@code command} instead of {@code ssh} from the {@code PATH}.
   *
   * @param command the ssh client executable
   * @return a new configuration
   */
  public SshConfig withSshCommand(String command) {
    return new SshConfig(remotes, tunnel, connectTimeout, sshOptions, Objects.requireNonNull(command), daemonCommand);
  }

  @Override
  public SshConfig withDaemonCommand(String cliCommand) {
    return new SshConfig(remotes, tunnel, connectTimeout, sshOptions, sshCommand,
        Launch.checkDaemonCommand(cliCommand));
  }

  /**
   * Whether the host's port is tunnelled to the remotes.
   *
   * @return the {@code tunnel} flag given to {@link RemoteConfig#ssh}
   */
  public boolean tunnel() {
    return tunnel;
  }

  /**
   * ssh's {@code ConnectTimeout}.
   *
   * @return the connect timeout, {@link #DEFAULT_CONNECT_TIMEOUT} unless set
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Throws unless this configuration has exactly one remote (a login node). */
  void checkSingleRemote() {
    if (remotes.size() != 1) {
      throw new IllegalArgumentException("a login node is one remote, got " + remotes.size() + ": " + this);
    }
  }

  /**
   * The ssh command line that runs {@code remoteCommand} on the one remote, with this
   * configuration's options, reading its standard input from ours.
   */
  List<String> sessionCommand(String remoteCommand) {
    checkSingleRemote();
    Remote r = remotes.get(0);
    List<String> argv = base(r);
    argv.add(r.destination());
    argv.add(remoteCommand);
    return argv;
  }

  /**
   * {@inheritDoc}
   *
   * <p>With one remote, {@code n} daemons are started on it; with several, one on each, and
   * {@code n} must be 1 or the number of remotes.
   *
   * @throws IllegalArgumentException also if {@code tunnel} is set and {@code hostUrl}'s host is
   *     not {@code 127.0.0.1} or has no port
   */
  @Override
  public List<String> launch(int n, List<String> daemonArgs, String hostUrl, String secret) throws IOException {
    Launch.checkSecret(secret);
    List<List<String>> argvs = commands(n, daemonArgs, hostUrl, secret != null);
    List<Launch.Tool> started = new ArrayList<>(argvs.size());
    try {
      for (List<String> argv : argvs) {
        started.add(Launch.Tool.start(argv, secret == null ? null : secret + "\n", Map.of(), null));
      }
    } catch (IOException e) {
      started.forEach(t -> t.process().destroyForcibly());
      started.forEach(Launch.Tool::cleanup);
      throw e;
    }
    Launch.awaitAll(started, connectTimeout.plus(Launch.DEFAULT_TOOL_TIMEOUT));
    return argvs.stream().map(Shell::join).collect(Collectors.toList());
  }

  /**
   * The ssh command lines {@link #launch} runs, as argument vectors; with {@code readSecret} the
   * remote command first reads the secret from its standard input into the environment.
   */
  List<List<String>> commands(int n, List<String> daemonArgs, String hostUrl, boolean readSecret) {
    Launch.checkN(n);
    if (remotes.size() > 1 && n != 1 && n != remotes.size()) {
      throw new IllegalArgumentException("with " + remotes.size()
          + " remotes, n must be 1 or the number of remotes (one daemon each), got: " + n);
    }
    int perRemote = remotes.size() == 1 ? n : 1;
    String line = Launch.daemonLine(daemonCommand, daemonArgs);
    String shLine = "sh -c " + Shell.quote(line) + " >/dev/null 2>&1 </dev/null";
    // Built-ins only: the secret is in no process's arguments on the remote either.
    String readLine = readSecret ? "IFS= read -r " + Launch.SECRET_ENV + "; export " + Launch.SECRET_ENV + "; " : "";
    List<List<String>> out = new ArrayList<>();
    if (tunnel) {
      Launch.HostPort hp = Launch.hostPort(hostUrl);
      if (!"127.0.0.1".equals(hp.host())) {
        throw new IllegalArgumentException("ssh tunnelling needs a host URL on 127.0.0.1 "
            + "(use Urls.localUrl(true, port)), got: " + hostUrl);
      }
      if (hp.port() <= 0) {
        throw new IllegalArgumentException("ssh tunnelling needs the host URL's actual port, got: " + hostUrl);
      }
      String fwd = hp.port() + ":127.0.0.1:" + hp.port();
      // one session per remote holds the tunnel and all of that remote's daemons
      String remoteCmd = readLine + (perRemote == 1 ? shLine
          : String.join(" & ", Collections.nCopies(perRemote, shLine)) + " & wait");
      for (Remote r : remotes) {
        List<String> argv = base(r);
        // ForkAfterAuthentication is -f without -f's -n: the secret is still read from stdin
        argv.addAll(List.of("-o", "ForkAfterAuthentication=yes", "-o", "ExitOnForwardFailure=yes", "-R", fwd,
            r.destination(), remoteCmd));
        out.add(argv);
      }
    } else {
      String remoteCmd = readLine + "nohup " + shLine + " &";
      for (Remote r : remotes) {
        for (int i = 0; i < perRemote; i++) {
          List<String> argv = base(r);
          argv.add(r.destination());
          argv.add(remoteCmd);
          out.add(argv);
        }
      }
    }
    return out;
  }

  private List<String> base(Remote r) {
    List<String> argv = new ArrayList<>();
    argv.add(sshCommand);
    argv.addAll(sshOptions);
    argv.addAll(List.of("-o", "ConnectTimeout=" + Math.max(1, connectTimeout.toSeconds()), "-o", "BatchMode=yes", "-T"));
    if (r.port() > 0) {
      argv.add("-p");
      argv.add(Integer.toString(r.port()));
    }
    return argv;
  }

  @Override
  public String toString() {
    return "RemoteConfig.ssh(" + remotes.stream().map(Remote::url).collect(Collectors.toList())
        + ", tunnel=" + tunnel + ")";
  }
}
