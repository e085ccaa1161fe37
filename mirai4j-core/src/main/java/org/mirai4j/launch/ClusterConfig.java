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
 * The submit command runs in this JVM's working directory unless {@link #withWorkingDirectory} is
 * given, which matters for the schedulers' default output files.
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

  private ClusterConfig(String command, String options, Scheduler scheduler, Map<String, String> environment,
      File workingDirectory, String daemonCommand) {
    this.command = command;
    this.options = options;
    this.scheduler = scheduler;
    this.environment = environment;
    this.workingDirectory = workingDirectory;
    this.daemonCommand = daemonCommand;
  }

  static ClusterConfig create(String command, String options) {
    Objects.requireNonNull(command, "command");
    String opts = LEADING_BLANKS.matcher(options == null ? "" : options).replaceAll("").strip();
    return new ClusterConfig(command, opts, detect(command, opts), Map.of(), null, null);
  }

  static Scheduler detect(String command, String options) {
    String base = Path.of(command).getFileName().toString().toLowerCase(Locale.ROOT);
    switch (base) {
      case "sbatch":
        return Scheduler.SLURM;
      case "bsub":
        return Scheduler.LSF;
      case "qsub":
        return options.lines().anyMatch(l -> l.startsWith("#PBS")) ? Scheduler.PBS : Scheduler.SGE;
      default:
        throw new IllegalArgumentException(
            "unknown cluster command (sbatch, qsub or bsub; else use withScheduler): " + command);
    }
  }

  /**
   * Returns a copy with the scheduler given rather than detected.
   *
   * @param scheduler the submit syntax to use
   * @return a new configuration
   */
  public ClusterConfig withScheduler(Scheduler scheduler) {
    return new ClusterConfig(command, options, Objects.requireNonNull(scheduler), environment, workingDirectory,
        daemonCommand);
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
        daemonCommand);
  }

  /**
   * Returns a copy that runs the submit command in {@code dir}.
   *
   * @param dir an existing directory
   * @return a new configuration
   */
  public ClusterConfig withWorkingDirectory(File dir) {
    return new ClusterConfig(command, options, scheduler, environment, Objects.requireNonNull(dir), daemonCommand);
  }

  @Override
  public ClusterConfig withDaemonCommand(String cliCommand) {
    return new ClusterConfig(command, options, scheduler, environment, workingDirectory,
        Launch.checkDaemonCommand(cliCommand));
  }

  /**
   * The scheduler whose submit syntax is used.
   *
   * @return the detected or given scheduler
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
    List<String> argv = submitCommand(n);
    Path secretFile = secret == null || scheduler == Scheduler.SLURM ? null : SecretFiles.of(secret);
    String script = script(daemonArgs, scheduler == Scheduler.SLURM ? secret : null, secretFile);
    Launch.Tool tool = Launch.Tool.start(argv, script, environment, workingDirectory);
    tool.await(Launch.DEFAULT_TOOL_TIMEOUT);
    String shown = secret == null || scheduler != Scheduler.SLURM ? script
        : script(daemonArgs, REDACTED, null);
    return List.of(commandLine(argv, shown));
  }

  /** What the returned command line shows in place of the secret. */
  static final String REDACTED = "********";

  /** The job script without a secret: shebang, option lines, daemon command line. */
  String script(List<String> daemonArgs) {
    return script(daemonArgs, null, null);
  }

  /**
   * The job script: shebang, option lines, then {@code MIRAI4J_SECRET} set and exported when
   * {@code secret} is given (after the options: schedulers stop reading them at the first
   * command), then the daemon command line, with {@code --secret-file=PATH} when
   * {@code secretFile} is given.
   */
  String script(List<String> daemonArgs, String secret, Path secretFile) {
    StringBuilder sb = new StringBuilder("#!/bin/sh\n");
    if (!options.isEmpty()) {
      sb.append(options).append('\n');
    }
    if (secret != null) {
      String value = secret.equals(REDACTED) ? secret : Shell.quote(secret);
      sb.append(Launch.SECRET_ENV).append('=').append(value).append("; export ").append(Launch.SECRET_ENV)
          .append('\n');
    }
    List<String> args = secretFile == null ? daemonArgs : Launch.withArg(daemonArgs, "--secret-file=" + secretFile);
    return sb.append(Launch.daemonLine(daemonCommand, args)).append('\n').toString();
  }

  /** The submit command's arguments for {@code n} daemons. */
  List<String> submitCommand(int n) {
    Launch.checkN(n);
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
    return "RemoteConfig.cluster(" + command + ", " + scheduler + ")";
  }
}
