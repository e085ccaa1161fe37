package org.mirai4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mirai4j.AutoExit;
import org.mirai4j.DaemonOptions;
import org.mirai4j.Daemons;
import picocli.CommandLine;

class MainTest {
  /** Every option of {@code mirai4j daemon}, as in API.md. */
  static final List<String> DAEMON_OPTIONS = List.of(
      "--no-dispatcher", "--asyncdial", "--autoexit", "--no-cleanup", "--output", "--idletime",
      "--walltime", "--maxtasks", "--tlscert", "--seed", "--labels", "--secret-file",
      "--secret-stdin");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Consumer<String[]> realDaemonMain = DaemonCommand.daemonMain;

  @AfterEach
  void restore() {
    DaemonCommand.daemonMain = realDaemonMain;
  }

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void topLevelHelpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("Usage: mirai4j")
        .contains("daemon", "demo", "bench")
        .contains("--version");
  }

  @Test
  void versionIsTheProjectVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).contains("mirai4j 0.1.0-SNAPSHOT");
    assertThat(Main.version()).isEqualTo("0.1.0-SNAPSHOT");
  }

  @Test
  void daemonHelpMentionsEveryOption() {
    assertThat(run("daemon", "--help")).isZero();
    String help = out.toString();
    assertThat(help).contains("Usage: mirai4j daemon").contains("URL").contains("MIRAI4J_SECRET");
    for (String option : DAEMON_OPTIONS) {
      assertThat(help).as(option).contains(option);
    }
    assertThat(help).contains("true|na|false").contains("tcp://").contains("tls+tcp://")
        .contains("ipc://").contains("ws://").contains("wss://");
  }

  @Test
  void demoAndBenchHaveHelp() {
    assertThat(run("demo", "--help")).isZero();
    assertThat(out.toString()).contains("--daemons").contains("--items");
    // bench passes every argument on to mirai4j-bench.jar, so its help is the usage message
    String benchHelp = Main.commandLine().getSubcommands().get("bench").getUsageMessage();
    assertThat(benchHelp).contains("mirai4j bench").contains("mirai4j-bench.jar");
  }

  @Test
  void unknownDaemonOptionIsAUsageError() {
    DaemonCommand.daemonMain = args -> {
      throw new AssertionError("the daemon must not start");
    };
    assertThat(run("daemon", "tcp://127.0.0.1:5555", "--bogus")).isEqualTo(64);
    assertThat(err.toString()).contains("--bogus").contains("mirai4j daemon --help");
  }

  @Test
  void badDaemonValuesAreUsageErrors() {
    DaemonCommand.daemonMain = args -> {
      throw new AssertionError("the daemon must not start");
    };
    assertThat(run("daemon", "tcp://127.0.0.1:5555", "--autoexit=maybe")).isEqualTo(64);
    assertThat(err.toString()).contains("--autoexit").contains("maybe");
    assertThat(run("daemon", "tcp://127.0.0.1:5555", "--idletime=soon")).isEqualTo(64);
    assertThat(err.toString()).contains("--idletime").contains("soon");
    assertThat(run("daemon", "tcp://127.0.0.1:5555", "--maxtasks=0")).isEqualTo(64);
    assertThat(err.toString()).contains("maxTasks");
    assertThat(run("daemon")).isEqualTo(64);
    assertThat(err.toString()).contains("URL");
  }

  @Test
  void otherUsageErrors() {
    assertThat(run("frobnicate")).isEqualTo(64);
    assertThat(err.toString()).contains("frobnicate");
    assertThat(run("demo", "--items=many")).isEqualTo(64);
    assertThat(run("demo", "--daemons=0")).isEqualTo(64);
    assertThat(err.toString()).contains("--daemons");
    assertThat(run()).isEqualTo(64);
  }

  @Test
  void daemonDelegatesToDaemonMainWithTheSameWords() {
    List<String[]> calls = new ArrayList<>();
    DaemonCommand.daemonMain = calls::add;
    int code = run("daemon", "tcp://[::1]:5555", "--no-dispatcher", "--asyncdial",
        "--autoexit=na", "--no-cleanup", "--output", "--idletime=1000", "--walltime=2000",
        "--maxtasks=3", "--tlscert=/tmp/cert.pem", "--seed=42", "--secret-file=/tmp/s3");
    assertThat(code).isZero();
    assertThat(calls).hasSize(1);
    List<String> words = List.of(calls.get(0));
    assertThat(words).containsExactly("daemon", "tcp://[::1]:5555", "--no-dispatcher",
        "--asyncdial", "--autoexit=na", "--no-cleanup", "--output", "--idletime=1000",
        "--walltime=2000", "--maxtasks=3", "--tlscert=/tmp/cert.pem", "--seed=42",
        "--secret-file=/tmp/s3");
    DaemonOptions o = DaemonOptions.fromArgs(words.subList(2, words.size()));
    assertThat(o.dispatcher()).isFalse();
    assertThat(o.asyncDial()).isTrue();
    assertThat(o.autoExit()).isEqualTo(AutoExit.AFTER_TASK);
    assertThat(o.cleanup()).isFalse();
    assertThat(o.output()).isTrue();
    assertThat(o.idleTime().toMillis()).isEqualTo(1000);
    assertThat(o.wallTime().toMillis()).isEqualTo(2000);
    assertThat(o.maxTasks()).isEqualTo(3);
    assertThat(o.tlsCert()).isEqualTo("/tmp/cert.pem");
    assertThat(o.seed()).isEqualTo(42L);
    assertThat(o.secretFile()).hasToString("/tmp/s3");
    assertThat(o.secret()).isNull();
  }

  @Test
  void aSecretOnTheCommandLineIsRefusedWithoutRepeatingIt() {
    List<String[]> calls = new ArrayList<>();
    DaemonCommand.daemonMain = calls::add;
    assertThat(run("daemon", "tcp://127.0.0.1:5555", "--secret=hunter2")).isEqualTo(64);
    assertThat(calls).isEmpty();
    assertThat(err.toString()).contains("MIRAI4J_SECRET").contains("--secret-file").contains("--secret-stdin")
        .contains("ps").doesNotContain("hunter2");
    assertThat(out.toString()).doesNotContain("hunter2");
  }

  @Test
  void theHelpNamesEveryWayToGiveTheSecretAndHidesTheRefusedOne() {
    assertThat(run("daemon", "--help")).isZero();
    assertThat(out.toString()).contains("MIRAI4J_SECRET").contains("--secret-file=PATH").contains("--secret-stdin")
        .doesNotContain("--secret=");
  }

  @Test
  void secretFileAndSecretStdinTogetherAreAUsageError() {
    DaemonCommand.daemonMain = words -> { };
    assertThat(run("daemon", "tcp://127.0.0.1:5555", "--secret-file=/tmp/x", "--secret-stdin")).isEqualTo(64);
    assertThat(err.toString()).contains("not both");
  }

  @Test
  void daemonAcceptsWhatDaemonOptionsPrints() {
    List<String[]> calls = new ArrayList<>();
    DaemonCommand.daemonMain = calls::add;
    DaemonOptions options = DaemonOptions.builder().autoExit(AutoExit.NEVER).maxTasks(7)
        .idleTime(java.time.Duration.ofSeconds(5)).seed(1).build();
    List<String> args = new ArrayList<>(List.of("daemon", "tcp://127.0.0.1:5555"));
    args.addAll(options.toArgs());
    assertThat(run(args.toArray(new String[0]))).isZero();
    assertThat(List.of(calls.get(0))).isEqualTo(args);
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void demoRunsEndToEnd() {
    int code = run("demo", "--daemons=2", "--items=5");
    String text = out.toString();
    assertThat(code).as(text + err).isZero();
    assertThat(text)
        .contains("Starting 2 local daemons")
        .contains("21 * 2 = 42, evaluated in daemon pid")
        .contains("Results: 5 values; sum of squares of 0..4 = 30 (correct)")
        .contains("Daemons closed.");
    assertThat(Daemons.isSet()).isFalse();
  }
}
