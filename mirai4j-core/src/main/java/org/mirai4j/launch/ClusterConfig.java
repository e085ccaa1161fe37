package org.mirai4j.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Launches daemons as a batch job array of a cluster resource manager (R: {@code cluster_config}).
 * Create with {@link RemoteConfig#cluster}.
 *
 * <h2>What runs</h2>
 * A job script — {@code #!/bin/sh}, the option lines as given, then the daemon command line — is
 * piped to the submit command, with {@code n > 1} daemons as one job array:
 * <table>
 *   <caption>Submit command per scheduler</caption>
 *   <tr><th>scheduler</th><th>command</th></tr>
 *   <tr><td>Slurm</td><td>{@code sbatch [--array=1-n]}</td></tr>
 *   <tr><td>Grid Engine</td><td>{@code qsub -S /bin/sh -N mirai4j [-t 1-n]} ({@code -S}/{@code -N}
 *       only when the options do not set them: Grid Engine ignores the {@code #!} line and rejects
 *       some default job names)</td></tr>
 *   <tr><td>PBS</td><td>{@code qsub [-J 1-n]}</td></tr>
 *   <tr><td>LSF</td><td>{@code bsub [-J name[1-n]]} (name from a {@code #BSUB -J} line, else
 *       {@code mirai4j})</td></tr>
 * </table>
 * The scheduler follows from the command ({@code sbatch}, {@code bsub}); {@code qsub} means PBS
 * when an option line starts with {@code #PBS}, else Grid Engine; {@link #withScheduler} overrides.
 * Any other command (a site's wrapper around the submit command, as mirai's {@code
 * cluster_config(command = …)} takes) is accepted: the scheduler then follows from the option
 * lines' directives ({@code #SBATCH}, {@code #$}, {@code #PBS}, {@code #BSUB}), else it must be
 * given with {@link #withScheduler} before launching, since the array syntax and how the secret
 * travels depend on it.
 * The submit command runs in this JVM's working directory unless {@link #withWorkingDirectory} is
 * given, which matters for the schedulers' default output files. {@link #withDaemonsPerJob} starts
 * several daemons in each job (the array then has {@code ceil(n / k)} tasks); {@link #via} runs
 * the submit command on a login node over ssh.
 *
 * <h2>The secret</h2>
 * Never in the submit command's arguments nor the job script's command lines ({@code ps} shows
 * those to every user). The job script is read by the submit command from its standard input;
 * where the scheduler keeps job scripts private, the secret is in it:
 * <ul>
 *   <li>Slurm: {@code MIRAI4J_SECRET='…'; export MIRAI4J_SECRET} after the option lines (shell
 *       built-ins). Slurm spools the script readable by its owner alone (0700, slurm / the user).
 *   <li>Grid Engine, PBS, LSF: in a file only its owner can read ({@code 0600} in a {@code 0700}
 *       directory {@code ~/.mirai4j/secrets}, deleted when this JVM exits), which the daemon reads
 *       with {@code --secret-file=PATH}. Grid Engine spools job scripts and environments
 *       world-readable ({@code execd/<host>/job_scripts}, mode 0755), so neither may carry it; the
 *       nodes must share the home directory with this machine (they must anyway for the
 *       default daemon command, this JVM's java and class path).
 * </ul>
 * The returned command line shows {@code MIRAI4J_SECRET=********} in place of the secret.
 *
 * <h2>Failures</h2>
 * A non-zero exit of the submit command throws an {@link IOException} with the scheduler's message.
 */
public final class ClusterConfig implements RemoteConfig {
  /** Resource managers with their submit syntax. */
  public enum Scheduler {
    /** Slurm {@code sbatch}. */
    SLURM,
    /** (Son of / Univa / Open) Grid Engine {@code qsub}. */
    SGE,
    /** PBS Pro / OpenPBS {@code qsub}. */
    PBS,
    /** IBM Spectrum LSF {@code bsub}. */
    LSF
  }

  /** Job name used when the options give none. */
  public static final String DEFAULT_JOB_NAME = "mirai4j";

  private static final Pattern LEADING_BLANKS = Pattern.compile("(?m)^[ \t]+");
  private static final Pattern BSUB_NAME = Pattern.compile("(?m)^#BSUB\\s+-J\\s+(\\S+)");

  private final String command;
  private final String options;
  private final Scheduler scheduler;
  private final Map<String, String> environment;
  private final File workingDirectory;
  private final String daemonCommand;
  private final int daemonsPerJob;
  private final SshConfig login;

  private ClusterConfig(String command, String options, Scheduler scheduler, Map<String, String> environment,
      File workingDirectory, String daemonCommand, int daemonsPerJob, SshConfig login) {
    this.command = command;
    this.options = options;
    this.scheduler = scheduler;
    this.environment = environment;
    this.workingDirectory = workingDirectory;
    this.daemonCommand = daemonCommand;
    this.daemonsPerJob = daemonsPerJob;
    this.login = login;
  }

  static ClusterConfig create(String command, String options) {
    Objects.requireNonNull(command, "command");
    String opts = LEADING_BLANKS.matcher(options == null ? "" : options).replaceAll("").strip();
    return new ClusterConfig(command, opts, detect(command, opts), Map.of(), null, null, 1, null);
  }

  /**
   * The scheduler a command speaks, by its name, else by the directives of the option lines
   * (the first that names one); null when neither tells (see {@link #withScheduler}).
   */
  static Scheduler detect(String command, String options) {
    if (command.isBlank()) {
      throw new IllegalArgumentException("the cluster command is blank: '" + command + "'");
    }
    String base = Path.of(command.strip()).getFileName().toString().toLowerCase(Locale.ROOT);
    boolean pbs = options.lines().anyMatch(l -> l.startsWith("#PBS"));
    switch (base) {
      case "sbatch":
        return Scheduler.SLURM;
      case "bsub":
        return Scheduler.LSF;
      case "qsub":
        return pbs ? Scheduler.PBS : Scheduler.SGE;
      default:
        for (String line : options.lines().toList()) {
          if (line.startsWith("#SBATCH")) {
            return Scheduler.SLURM;
          } else if (line.startsWith("#PBS")) {
            return Scheduler.PBS;
          } else if (line.startsWith("#BSUB")) {
            return Scheduler.LSF;
          } else if (line.startsWith("#$")) {
            return Scheduler.SGE;
          }
        }
        return null;
    }
  }

  /** The scheduler, or a clear error naming the command and the fix when it is unknown. */
  private Scheduler requireScheduler() {
    if (scheduler == null) {
      throw new IllegalStateException("cannot tell which scheduler '" + command + "' speaks"
          + " (neither its name nor a #SBATCH, #$, #PBS or #BSUB option line says): give it with"
          + " withScheduler(ClusterConfig.Scheduler.SLURM), SGE, PBS or LSF");
    }
    return scheduler;
  }

  /**
   * Returns a copy with the scheduler given rather than detected.
   *
   * @param scheduler the submit syntax to use
   * @return a new configuration
   */
  public ClusterConfig withScheduler(Scheduler scheduler) {
    return new ClusterConfig(command, options, Objects.requireNonNull(scheduler), environment, workingDirectory,
        daemonCommand, daemonsPerJob, login);
  }

  /**
   * Returns a copy that adds {@code env} to the submit command's environment, e.g.
   * {@code SGE_ROOT} and {@code SGE_CELL}.
   *
   * @param env variables to add to this JVM's environment
   * @return a new configuration
   */
  public ClusterConfig withEnvironment(Map<String, String> env) {
    return new ClusterConfig(command, options, scheduler, Map.copyOf(new LinkedHashMap<>(env)), workingDirectory,
        daemonCommand, daemonsPerJob, login);
  }

  /**
   * Returns a copy that runs the submit command in {@code dir}.
   *
   * @param dir an existing directory
   * @return a new configuration
   */
  public ClusterConfig withWorkingDirectory(File dir) {
    return new ClusterConfig(command, options, scheduler, environment, Objects.requireNonNull(dir), daemonCommand,
        daemonsPerJob, login);
  }

  @Override
  public ClusterConfig withDaemonCommand(String cliCommand) {
    return new ClusterConfig(command, options, scheduler, environment, workingDirectory,
        Launch.checkDaemonCommand(cliCommand), daemonsPerJob, login);
  }

  /**
   * Returns a copy that starts {@code k} daemons in each job (or array task), each its own
   * process: the job script starts the daemon line {@code k} times in the background and waits
   * for them all, so that a job's end (or {@code scancel}/{@code qdel}) ends all of them. Ask the
   * scheduler for the resources of {@code k} daemons in the options, e.g.
   * {@code #SBATCH --cpus-per-task=4}.
   *
   * <p>{@code launch(n)} then submits {@code ceil(n / k)} jobs (as one array when more than one);
   * when {@code n} is not a multiple of {@code k} the last array task starts the remaining
   * {@code n mod k}, so exactly {@code n} daemons start (and a relaunch of one lost daemon submits
   * one job running one daemon). The secret travels as without this option.
   *
   * <pre>{@code
   * // 8 daemons as 2 array tasks of 4 daemons each
   * daemons.launchRemote(8, RemoteConfig.cluster("sbatch", "#SBATCH --cpus-per-task=4")
   *     .withDaemonsPerJob(4));
   * }</pre>
   *
   * @param k daemons per job, at least 1 (the default)
   * @return a new configuration
   * @throws IllegalArgumentException if {@code k < 1}
   */
  public ClusterConfig withDaemonsPerJob(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("daemons per job must be at least 1, got: " + k);
    }
    return new ClusterConfig(command, options, scheduler, environment, workingDirectory, daemonCommand, k, login);
  }

  /**
   * Daemons started in each job (or array task).
   *
   * @return the value given to {@link #withDaemonsPerJob}, 1 by default
   */
  public int daemonsPerJob() {
    return daemonsPerJob;
  }

  /**
   * Returns a copy that submits through a login node over ssh: the submit command runs there
   * ({@code ssh … login 'sbatch --array=1-n'}), reading the job script from ssh's standard input,
   * so neither the script nor the secret is in any argument vector, here or on the login node.
   * {@link #withEnvironment} and {@link #withWorkingDirectory} then apply on the login node (an
   * {@code export} and a {@code cd} in the remote command; the directory is a path there).
   *
   * <ul>
   *   <li>Slurm: the secret is in the job script, as without {@code via}.
   *   <li>Grid Engine, PBS, LSF: the first line of ssh's standard input is the secret; the remote
   *       command reads it with the shell built-in {@code read} and writes it with the built-in
   *       {@code printf} to a 0600 file {@code $HOME/.mirai4j/secrets/secret-<random>} (directory
   *       0700) on the login node, then submits the script read from the rest of standard input;
   *       the daemons get {@code --secret-file=$HOME/…}, so the nodes must share the login node's
   *       home directory. That file is not deleted (the host cannot know when the last job has
   *       read it): remove {@code ~/.mirai4j/secrets/secret-*} on the login node when done.
   * </ul>
   * The daemons dial the host URL directly (the compute nodes must reach it); an ssh tunnel is
   * not supported here, and a {@code login} with {@code tunnel = true} is refused. Only
   * {@code login}'s first and only remote, ssh options, ssh command and connect timeout are used;
   * its daemon command is not (set this configuration's own with {@link #withDaemonCommand}).
   * The login shell must be a POSIX shell.
   *
   * <pre>{@code
   * SshConfig login = RemoteConfig.ssh(List.of("ssh://me@login.cluster.example"), false);
   * daemons.launchRemote(4, RemoteConfig.cluster("sbatch", "#SBATCH --mem=2G").via(login)
   *     .withDaemonCommand("java -jar ~/mirai4j-cli.jar"));
   * }</pre>
   *
   * @param login the login node: one remote, no tunnel
   * @return a new configuration
   * @throws IllegalArgumentException if {@code login} has several remotes or tunnels
   */
  public ClusterConfig via(SshConfig login) {
    Objects.requireNonNull(login, "login");
    if (login.tunnel()) {
      throw new IllegalArgumentException("via: an ssh tunnel is not supported, the daemons dial the host URL "
          + "directly (use RemoteConfig.ssh(remotes, false))");
    }
    login.checkSingleRemote();
    return new ClusterConfig(command, options, scheduler, environment, workingDirectory, daemonCommand,
        daemonsPerJob, login);
  }

  /**
   * The scheduler whose submit syntax is used.
   *
   * @return the detected or given scheduler; null for a command whose scheduler neither its
   *     name nor the option lines tell, until {@link #withScheduler} gives it
   */
  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * {@inheritDoc}
   *
   * @return one line: the submit command with the job script as a here-document
   */
  @Override
  public List<String> launch(int n, List<String> daemonArgs, String hostUrl, String secret) throws IOException {
    Launch.checkSecret(secret);
    requireScheduler();
    List<String> argv = submitCommand(n);
    if (login != null) {
      return List.of(launchVia(n, argv, daemonArgs, secret));
    }
    Path secretFile = secret == null || scheduler == Scheduler.SLURM ? null : SecretFiles.of(secret);
    String script = script(n, daemonArgs, scheduler == Scheduler.SLURM ? secret : null,
        secretFile == null ? null : Shell.quote("--secret-file=" + secretFile));
    Launch.Tool tool = Launch.Tool.start(argv, script, environment, workingDirectory);
    tool.await(Launch.DEFAULT_TOOL_TIMEOUT);
    String shown = secret == null || scheduler != Scheduler.SLURM ? script
        : script(n, daemonArgs, REDACTED, null);
    return List.of(commandLine(argv, shown));
  }

  /** Submits through {@link #login}: see {@link #via}. */
  private String launchVia(int n, List<String> submitArgv, List<String> daemonArgs, String secret)
      throws IOException {
    boolean secretFile = secret != null && scheduler != Scheduler.SLURM;
    String fileName = secretFile ? "secret-" + SecretFiles.randomName() : null;
    String script = script(n, daemonArgs, scheduler == Scheduler.SLURM ? secret : null,
        secretFile ? "\"--secret-file=$HOME/" + REMOTE_SECRET_DIR + "/" + fileName + "\"" : null);
    List<String> argv = login.sessionCommand(remoteSubmitCommand(submitArgv, fileName));
    String stdin = secretFile ? secret + "\n" + script : script;
    Launch.Tool tool = Launch.Tool.start(argv, stdin, Map.of(), null);
    tool.await(login.connectTimeout().plus(Launch.DEFAULT_TOOL_TIMEOUT));
    String shown = secret == null ? script
        : secretFile ? REDACTED + "\n" + script : script(n, daemonArgs, REDACTED, null);
    return commandLine(argv, shown);
  }

  /** The secret files' directory on the login node, relative to {@code $HOME}. */
  static final String REMOTE_SECRET_DIR = ".mirai4j/secrets";

  /**
   * The command run on the login node: when {@code secretFileName} is given, first (in a
   * subshell, umask 077) the secret's line is read from standard input with the built-in
   * {@code read} and written with the built-in {@code printf} to that 0600 file; then the
   * environment is exported, the working directory entered, and the submit command run on the
   * rest of standard input.
   */
  String remoteSubmitCommand(List<String> submitArgv, String secretFileName) {
    StringBuilder sb = new StringBuilder();
    if (secretFileName != null) {
      String dir = "\"$HOME/" + REMOTE_SECRET_DIR + "\"";
      sb.append("(umask 077 && mkdir -p ").append(dir).append(" && chmod 700 ").append(dir)
          .append(" && IFS= read -r s && printf '%s\\n' \"$s\" > \"$HOME/").append(REMOTE_SECRET_DIR).append('/')
          .append(secretFileName).append("\") && ");
    }
    environment.forEach((k, v) -> {
      if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("not an environment variable name: " + k);
      }
      sb.append(k).append('=').append(Shell.quote(v)).append(" && export ").append(k).append(" && ");
    });
    if (workingDirectory != null) {
      sb.append("cd ").append(Shell.quote(workingDirectory.getPath())).append(" && ");
    }
    return sb.append(Shell.join(submitArgv)).toString();
  }

  /** What the returned command line shows in place of the secret. */
  static final String REDACTED = "********";

  /** The job script of a whole job without a secret: shebang, option lines, daemon command line. */
  String script(List<String> daemonArgs) {
    return script(daemonsPerJob, daemonArgs, null, null);
  }

  /** The job script of a whole job, with the secret or a secret file as {@link #script(int, List, String, String)}. */
  String script(List<String> daemonArgs, String secret, Path secretFile) {
    return script(daemonsPerJob, daemonArgs, secret,
        secretFile == null ? null : Shell.quote("--secret-file=" + secretFile));
  }

  /**
   * The job script for {@code n} daemons in all: shebang, option lines, then
   * {@code MIRAI4J_SECRET} set and exported when {@code secret} is given (after the options:
   * schedulers stop reading them at the first command), then the daemon command line, followed
   * by {@code secretFileArg} (shell text, e.g. a quoted {@code --secret-file=PATH}) when given.
   * With several daemons per job the line is started that many times in the background and
   * waited for; the last array task starts fewer when {@code n} is not a multiple of them.
   */
  String script(int n, List<String> daemonArgs, String secret, String secretFileArg) {
    StringBuilder sb = new StringBuilder("#!/bin/sh\n");
    if (!options.isEmpty()) {
      sb.append(options).append('\n');
    }
    if (secret != null) {
      String value = secret.equals(REDACTED) ? secret : Shell.quote(secret);
      sb.append(Launch.SECRET_ENV).append('=').append(value).append("; export ").append(Launch.SECRET_ENV)
          .append('\n');
    }
    String line = Launch.daemonLine(daemonCommand, daemonArgs);
    if (secretFileArg != null) {
      line = line + " " + secretFileArg;
    }
    int jobs = jobs(n);
    int inLast = n - (jobs - 1) * daemonsPerJob;
    if (daemonsPerJob == 1 || n == 1) {
      return sb.append(line).append('\n').toString();
    }
    int perJob = jobs == 1 ? inLast : daemonsPerJob;
    sb.append("m4j_k=").append(perJob).append('\n');
    if (jobs > 1 && inLast != daemonsPerJob) {
      sb.append("[ \"$").append(taskIdVariable()).append("\" = ").append(jobs).append(" ] && m4j_k=").append(inLast)
          .append('\n');
    }
    // each daemon its own process; the job lasts (and is cancelled) as long as any of them runs
    return sb.append("m4j_i=0\nwhile [ \"$m4j_i\" -lt \"$m4j_k\" ]; do\n  ").append(line)
        .append(" &\n  m4j_i=$((m4j_i + 1))\ndone\nwait\n").toString();
  }

  /** Jobs (array tasks) for {@code n} daemons. */
  int jobs(int n) {
    Launch.checkN(n);
    return (n + daemonsPerJob - 1) / daemonsPerJob;
  }

  /** The environment variable holding an array task's index (1-based) in a job. */
  private String taskIdVariable() {
    switch (requireScheduler()) {
      case SLURM:
        return "SLURM_ARRAY_TASK_ID";
      case SGE:
        return "SGE_TASK_ID";
      case PBS:
        return "PBS_ARRAY_INDEX";
      case LSF:
        return "LSB_JOBINDEX";
      default:
        throw new AssertionError(scheduler);
    }
  }

  /** The submit command's arguments for {@code n} daemons ({@link #jobs} array tasks). */
  List<String> submitCommand(int daemons) {
    requireScheduler();
    int n = jobs(daemons);
    List<String> argv = new ArrayList<>();
    argv.add(command);
    switch (scheduler) {
      case SLURM:
        if (n > 1) {
          argv.add("--array=1-" + n);
        }
        break;
      case SGE:
        if (!hasOption("#$", "-S")) {
          argv.addAll(List.of("-S", "/bin/sh"));
        }
        if (!hasOption("#$", "-N")) {
          argv.addAll(List.of("-N", DEFAULT_JOB_NAME));
        }
        if (n > 1) {
          argv.addAll(List.of("-t", "1-" + n));
        }
        break;
      case PBS:
        if (n > 1) {
          argv.addAll(List.of("-J", "1-" + n));
        }
        break;
      case LSF:
        if (n > 1) {
          Matcher m = BSUB_NAME.matcher(options);
          String name = m.find() ? m.group(1).replaceAll("\\[.*$", "") : DEFAULT_JOB_NAME;
          argv.addAll(List.of("-J", name + "[1-" + n + "]"));
        }
        break;
      default:
        throw new AssertionError(scheduler);
    }
    return argv;
  }

  private boolean hasOption(String prefix, String flag) {
    return options.lines().anyMatch(l -> l.startsWith(prefix) && (" " + l.substring(prefix.length()) + " ")
        .matches(".*\\s" + Pattern.quote(flag) + "\\s.*"));
  }

  private static String commandLine(List<String> argv, String script) {
    return Shell.join(argv) + " <<'EOF'\n" + script + "EOF";
  }

  @Override
  public String toString() {
    return "RemoteConfig.cluster(" + command + ", " + scheduler
        + (daemonsPerJob == 1 ? "" : ", " + daemonsPerJob + " per job") + (login == null ? "" : ", via " + login) + ")";
  }
}
