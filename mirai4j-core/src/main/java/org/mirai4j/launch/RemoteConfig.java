package org.mirai4j.launch;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How to start daemons somewhere so that they dial back to the host (R: {@code remote_config},
 * {@code ssh_config}, {@code cluster_config}, {@code http_config}).
 *
 * <p>A configuration is immutable data: the static factories and {@code with…} methods create
 * configurations, and nothing runs until the host calls {@link #launch}. Each daemon runs the
 * daemon command (see {@link #withDaemonCommand}) followed by the daemon's arguments
 * ({@code daemon URL OPTIONS}), each shell-quoted.
 *
 * <pre>{@code
 * RemoteConfig.ssh(List.of("ssh://user@10.75.32.90:22", "ssh://node2"), false)
 *     .withDaemonCommand("java -jar /opt/mirai4j.jar");
 * RemoteConfig.cluster("sbatch", "#SBATCH --mem=512\n#SBATCH --time=60");
 * }</pre>
 */
public interface RemoteConfig {

  /**
   * Launches nothing: {@link #launch} only returns the shell command lines to run by hand on the
   * target machines (R: {@code remote_config()} with no command). Each line runs the daemon with
   * {@code --secret-stdin} and carries the secret in a here-document, so that pasted into a
   * shell it runs as it is with the secret on no command line; show the lines only to those
   * who may hold the secret.
   *
   * @return a manual configuration
   */
  static RemoteConfig manual() {
    return new ManualConfig(null);
  }

  /**
   * Whether {@link #launch} starts the daemons itself: true for every launcher but {@link
   * #manual()}, whose daemons a person starts (so a profile cannot start them again when lost).
   */
  default boolean startsDaemons() {
    return true;
  }

  /**
   * Launches daemons over the system {@code ssh} (key-based authentication must be in place).
   * With one remote, {@code n} daemons are started there; with several, one daemon on each (then
   * {@code n} must be 1 or the number of remotes), as mirai does.
   *
   * @param remotes {@code ssh://[user@]host[:port]} URLs; without a port, ssh's own configuration
   *     decides (22 by default)
   * @param tunnel whether to tunnel the host's port to each remote ({@code ssh -R port:127.0.0.1:port});
   *     the host URL must then be {@code tcp://127.0.0.1:PORT} (see {@link Urls#localUrl})
   * @return an ssh configuration
   * @throws IllegalArgumentException if {@code remotes} is empty or a URL is malformed
   */
  static SshConfig ssh(List<String> remotes, boolean tunnel) {
    return SshConfig.create(remotes, tunnel);
  }

  /**
   * Launches daemons as a batch job of a cluster resource manager: Slurm {@code sbatch}, Grid
   * Engine or PBS {@code qsub}, LSF {@code bsub}. {@code n} daemons are submitted as one job
   * array.
   *
   * @param command {@code "sbatch"}, {@code "qsub"} or {@code "bsub"} (or a path to one), or any
   *     other command that reads a job script from standard input, such as a site's wrapper:
   *     its scheduler then follows from the option lines ({@code #SBATCH}, {@code #$}, {@code
   *     #PBS}, {@code #BSUB}) or is given with {@link ClusterConfig#withScheduler}
   * @param options job script lines placed before the daemon command, newline-separated, such as
   *     {@code "#SBATCH --mem=512"} or {@code "module load java"}; leading blanks of each line are
   *     removed
   * @return a cluster configuration
   */
  static ClusterConfig cluster(String command, String options) {
    return ClusterConfig.create(command, options);
  }

  /**
   * Launches daemons with any command (R: {@code remote_config(command, args, quote)}).
   *
   * @param command the executable (a shell word, e.g. {@code "srun"})
   * @param args shell words pasted after the command as they are; exactly one must be {@code "."},
   *     the place of the daemon command line
   * @param quote whether the daemon command line replaces {@code "."} as one quoted word
   *     ({@code ssh}, {@code sh -c}) or as the words it is made of ({@code srun})
   * @return a command configuration
   * @throws IllegalArgumentException if {@code args} has no {@code "."}
   */
  static CommandConfig command(String command, List<String> args, boolean quote) {
    return CommandConfig.create(command, args, quote);
  }

  /**
   * Launches daemons with any command, one argument list per launch (R: {@code
   * remote_config(command, args = list(c(...), c(...)))}): {@code launch(n)} runs the command
   * once per list (so with {@code n} equal to the number of lists, or 1), the i-th daemon with
   * the i-th list; one list is run {@code n} times, as {@link #command} does.
   *
   * <pre>{@code
   * RemoteConfig.commands("ssh", List.of(
   *     List.of("-p 22 node1", "."), List.of("-p 22 node2", ".")), true);
   * daemons.launchRemote(2, remote);    // one daemon on node1, one on node2
   * }</pre>
   *
   * <p>With {@code Daemons.Builder.relaunch(true)}, a lost daemon is launched again with one of
   * the lists, in turn.
   *
   * @param command the executable (a shell word, e.g. {@code "ssh"})
   * @param args argument lists, each as {@link #command} takes one: exactly one {@code "."} in
   *     each
   * @param quote as for {@link #command}
   * @return a command configuration
   * @throws IllegalArgumentException if {@code args} is empty or a list has no {@code "."}
   */
  static CommandConfig commands(String command, List<List<String>> args, boolean quote) {
    return CommandConfig.createEach(command, args, quote);
  }

  /**
   * Launches daemons by sending the daemon command line to an HTTP API, one request per daemon
   * (R: {@code http_config}). The suppliers are evaluated at launch time, so credentials are
   * fetched when needed rather than captured now.
   *
   * @param url the API endpoint
   * @param method the HTTP method, usually {@code "POST"}
   * @param headers request headers (may supply an empty map)
   * @param data the request body, with one {@code %s} where the JSON-escaped daemon command line
   *     goes, e.g. {@code {"command": "%s"}}
   * @return an HTTP configuration; see {@link HttpConfig#withToken} and {@link HttpConfig#withCookie}
   * @throws IllegalArgumentException if {@code data} has no {@code %s}
   */
  static HttpConfig http(Supplier<String> url, String method, Supplier<Map<String, String>> headers, String data) {
    return HttpConfig.create(url, method, headers, data);
  }

  /**
   * Returns a copy that runs {@code cliCommand} as the daemon command (R: {@code rscript}), the
   * shell text that starts the mirai4j CLI on the target machine, e.g.
   * {@code "java -jar /opt/mirai4j.jar"}; {@code daemon URL OPTIONS} is appended. By default the
   * daemon command is {@link DaemonCommand#localJava()}: this JVM's java and class path, which
   * suits machines that share this one's file system.
   *
   * @param cliCommand shell text, used as it is
   * @return a new configuration
   */
  RemoteConfig withDaemonCommand(String cliCommand);

  /**
   * Launcher SPI: launches {@code n} daemons that find the secret on their own (the environment
   * variable {@code MIRAI4J_SECRET} on the far side); {@link #launch(int, List, String, String)}
   * with no secret.
   *
   * @throws IOException if the launch tool fails
   */
  default List<String> launch(int n, List<String> daemonArgs, String hostUrl) throws IOException {
    return launch(n, daemonArgs, hostUrl, null);
  }

  /**
   * Launcher SPI, called by the host: launches {@code n} daemons, each running
   * {@code <daemon command> <daemonArgs…>}, and hands each the profile's secret.
   *
   * <h4>The secret never on a command line</h4>
   * {@code ps} shows every process's command line to every user of a machine, so no launcher
   * puts the secret in an argument vector, here or on the far side: each hands it over by
   * standard input, environment, a job script read from standard input or a file only its owner
   * can read, as its own documentation says; the daemon reads it from {@code MIRAI4J_SECRET},
   * {@code --secret-stdin} or {@code --secret-file=PATH}. The returned lines never contain it,
   * except those of {@link #manual()}, which are for a person to run (in a here-document, so
   * still not on a command line).
   *
   * <p>Blocks until the launch tool has accepted the work (ssh has started the remote command, the
   * scheduler has accepted the job, the API answered), not until the daemons connect.
   *
   * @param n number of daemons, at least 1
   * @param daemonArgs the daemon's arguments, e.g. {@code ["daemon", "tcp://10.0.0.1:5555",
   *     "--maxtasks=1"]}; each is shell-quoted
   * @param hostUrl the URL the host listens at (used for ssh tunnelling)
   * @param secret the profile's secret, one line; null when the daemons find it on their own
   * @return the exact shell command lines run (for {@link #manual()}: to be run), one per daemon
   *     or per ssh session or job
   * @throws IOException if the launch tool fails; the message carries the tool's own error output
   * @throws IllegalArgumentException if {@code n < 1} or the configuration does not fit {@code hostUrl}
   */
  List<String> launch(int n, List<String> daemonArgs, String hostUrl, String secret) throws IOException;
}
