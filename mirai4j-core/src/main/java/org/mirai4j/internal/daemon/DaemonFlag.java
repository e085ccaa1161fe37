package org.mirai4j.internal.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.mirai4j.AutoExit;
import org.mirai4j.DaemonOptions;

/**
 * The daemon's command-line options, each in one place: its name, its value's label, its help
 * text, how it sets {@link DaemonOptions} and how those options print it. {@link
 * DaemonOptions#toArgs}, {@link DaemonOptions#fromArgs}, {@code Daemon.usage()} and the CLI's
 * {@code mirai4j daemon} are all derived from this table.
 */
public enum DaemonFlag {
  NO_DISPATCHER("--no-dispatcher", null, "dial the host directly instead of its dispatcher",
      (b, v) -> b.dispatcher(false), o -> o.dispatcher() ? null : ""),
  ASYNC_DIAL("--asyncdial", null, "retry a failed dial for ever instead of failing at once",
      (b, v) -> b.asyncDial(true), o -> o.asyncDial() ? "" : null),
  AUTO_EXIT("--autoexit", "true|na|false", "when the connection drops: exit at once (true,"
      + " the default), after the task in progress (na), or never, redialing (false)",
      (b, v) -> b.autoExit(parseAutoExit(v)),
      o -> switch (o.autoExit()) {
        case IMMEDIATE -> null;
        case AFTER_TASK -> "na";
        case NEVER -> "false";
      }),
  NO_CLEANUP("--no-cleanup", null, "keep state a task leaves behind",
      (b, v) -> b.cleanup(false), o -> o.cleanup() ? null : ""),
  OUTPUT("--output", null, "keep stdout and stderr (default: discarded)",
      (b, v) -> b.output(true), o -> o.output() ? "" : null),
  IDLE_TIME("--idletime", "MS", "exit with code 1 after MS milliseconds idle",
      (b, v) -> b.idleTime(Duration.ofMillis(parseLong("--idletime", v))),
      o -> o.idleTime() == null ? null : String.valueOf(o.idleTime().toMillis())),
  WALL_TIME("--walltime", "MS",
      "exit once MS milliseconds have passed: code 2 after a task arriving later, 1 if idle MS",
      (b, v) -> b.wallTime(Duration.ofMillis(parseLong("--walltime", v))),
      o -> o.wallTime() == null ? null : String.valueOf(o.wallTime().toMillis())),
  MAX_TASKS("--maxtasks", "N", "exit with code 3 after N tasks",
      (b, v) -> b.maxTasks(parseLong("--maxtasks", v)),
      o -> o.maxTasks() == Long.MAX_VALUE ? null : String.valueOf(o.maxTasks())),
  TLS_CERT("--tlscert", "FILE|PEM", "certificate chain to trust for tls+tcp:// and wss://",
      DaemonOptions.Builder::tlsCert, DaemonOptions::tlsCert),
  SEED("--seed", "N", "seed of the daemon's initial random stream",
      (b, v) -> b.seed(parseLong("--seed", v)),
      o -> o.seed() == null ? null : String.valueOf(o.seed())),
  LABELS("--labels", "A,B", "labels to tell the host; tasks that require labels go only to"
      + " daemons holding them all",
      (b, v) -> b.labels(v.split(",", -1)),
      o -> o.labels().isEmpty() ? null : String.join(",", o.labels())),
  SECRET_FILE("--secret-file", "PATH", "read the secret from the first line of PATH, which only"
      + " its owner may read (chmod 600)",
      (b, v) -> b.secretFile(Path.of(v)),
      o -> o.secretFile() == null ? null : o.secretFile().toString()),
  SECRET_STDIN("--secret-stdin", null, "read the secret from the first line of standard input",
      (b, v) -> b.secretStdin(true), o -> o.secretStdin() ? "" : null);

  /** Why {@code --secret=S} is refused: its value is never echoed. */
  public static final String SECRET_IN_ARGV = "--secret=... is not accepted: a command line is"
      + " visible to every user of the machine (ps); give the secret in the environment variable"
      + " MIRAI4J_SECRET, with --secret-file=PATH (a file only you can read) or with"
      + " --secret-stdin (one line)";

  private final String option;
  private final String paramLabel;
  private final String description;
  private final BiConsumer<DaemonOptions.Builder, String> apply;
  private final Function<DaemonOptions, String> value;

  DaemonFlag(String option, String paramLabel, String description,
      BiConsumer<DaemonOptions.Builder, String> apply, Function<DaemonOptions, String> value) {
    this.option = option;
    this.paramLabel = paramLabel;
    this.description = description;
    this.apply = apply;
    this.value = value;
  }

  /** The option as typed, e.g. {@code --maxtasks}. */
  public String option() {
    return option;
  }

  /** The label of its value, e.g. {@code N}; null for a switch. */
  public String paramLabel() {
    return paramLabel;
  }

  /** Its help text. */
  public String description() {
    return description;
  }

  /** These options as command-line words, defaults left out; never the secret itself. */
  public static List<String> toArgs(DaemonOptions options) {
    List<String> args = new ArrayList<>();
    for (DaemonFlag flag : values()) {
      String v = flag.value.apply(options);
      if (v != null) {
        args.add(flag.paramLabel == null ? flag.option : flag.option + "=" + v);
      }
    }
    return args;
  }

  /**
   * Parses command-line words.
   *
   * @throws IllegalArgumentException naming an unknown option or a bad value
   */
  public static DaemonOptions parse(List<String> args) {
    DaemonOptions.Builder b = DaemonOptions.builder();
    boolean secretFile = false;
    boolean secretStdin = false;
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      String v = eq < 0 ? null : arg.substring(eq + 1);
      if (name.equals("--secret")) {
        throw new IllegalArgumentException(SECRET_IN_ARGV);
      }
      DaemonFlag flag = find(name);
      if (flag == null || (flag.paramLabel == null && v != null)) {
        throw new IllegalArgumentException("unknown daemon option: " + arg);
      }
      if (flag.paramLabel != null && (v == null || v.isEmpty())) {
        throw new IllegalArgumentException(name + " needs a value: " + name + "=...");
      }
      flag.apply.accept(b, v);
      secretFile |= flag == SECRET_FILE;
      secretStdin |= flag == SECRET_STDIN;
    }
    if (secretFile && secretStdin) {
      throw new IllegalArgumentException("give one of --secret-file and --secret-stdin, not both");
    }
    return b.build();
  }

  /** The option lines of {@code --help}, aligned. */
  public static List<String> usageLines() {
    List<String> lines = new ArrayList<>();
    for (DaemonFlag flag : values()) {
      String left = flag.paramLabel == null ? flag.option : flag.option + "=" + flag.paramLabel;
      StringBuilder line = new StringBuilder(String.format("  %-24s ", left));
      for (String word : flag.description.split(" ")) {
        if (line.length() + word.length() > 94) {
          lines.add(line.toString().stripTrailing());
          line = new StringBuilder(" ".repeat(27));
        }
        line.append(word).append(' ');
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private static DaemonFlag find(String option) {
    for (DaemonFlag flag : values()) {
      if (flag.option.equals(option)) {
        return flag;
      }
    }
    return null;
  }

  private static long parseLong(String name, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes a whole number, not '" + v + "'");
    }
  }

  private static AutoExit parseAutoExit(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "immediate" -> AutoExit.IMMEDIATE;
      case "na", "after_task" -> AutoExit.AFTER_TASK;
      case "false", "never" -> AutoExit.NEVER;
      default ->
          throw new IllegalArgumentException("--autoexit takes true, na or false, not '" + v + "'");
    };
  }
}
