package org.mirai4j.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Command generation of every configuration; nothing is run here. */
class RemoteConfigTest {
  static final List<String> ARGS = List.of("daemon", "tcp://10.0.0.1:5555", "--maxtasks=1", "--tlscert=s e'c");
  static final String QUOTED_ARGS = "daemon tcp://10.0.0.1:5555 --maxtasks=1 '--tlscert=s e'\\''c'";
  /** A secret with characters a shell would treat specially. */
  static final String SECRET = "Zx9'$(id) \"q\" ;&|";

  @Test
  void manualReturnsOneDaemonCommandLinePerDaemonWithTheArgumentsQuoted() throws Exception {
    List<String> cmds = RemoteConfig.manual().withDaemonCommand("java -jar /opt/mirai4j.jar")
        .launch(3, ARGS, "tcp://10.0.0.1:5555");
    assertThat(cmds).containsExactly(
        "java -jar /opt/mirai4j.jar " + QUOTED_ARGS,
        "java -jar /opt/mirai4j.jar " + QUOTED_ARGS,
        "java -jar /opt/mirai4j.jar " + QUOTED_ARGS);
  }

  @Test
  void theDefaultDaemonCommandIsThisJvmsJavaAndClassPath() throws Exception {
    String line = RemoteConfig.manual().launch(1, ARGS, "tcp://10.0.0.1:5555").get(0);
    assertThat(line).isEqualTo(Shell.join(DaemonCommand.localJava()) + " " + QUOTED_ARGS);
  }

  @Test
  void manualHandsTheSecretToTheDaemonsStdinInAHereDocument() throws Exception {
    List<String> cmds = RemoteConfig.manual().withDaemonCommand("java -jar /opt/mirai4j.jar")
        .launch(2, ARGS, "tcp://10.0.0.1:5555", SECRET);
    String expected = "java -jar /opt/mirai4j.jar " + QUOTED_ARGS + " --secret-stdin <<'END_OF_SECRET'\n"
        + SECRET + "\nEND_OF_SECRET";
    assertThat(cmds).containsExactly(expected, expected);
  }

  @Test
  void aSecretOfMoreThanOneLineIsRejectedWithoutBeingShown() {
    assertThatThrownBy(() -> RemoteConfig.manual().launch(1, ARGS, "tcp://10.0.0.1:5555", "top\nsecret"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one")
        .hasMessageNotContaining("top").hasMessageNotContaining("secret\n");
  }

  @Test
  void nBelowOneIsRejected() {
    assertThatThrownBy(() -> RemoteConfig.manual().launch(0, ARGS, "tcp://10.0.0.1:5555"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("n < 1: 0");
  }

  // ssh

  @Test
  void sshRunsTheDaemonInTheBackgroundOnTheRemoteWithBatchModeAndATimeout() {
    SshConfig ssh = RemoteConfig.ssh(List.of("ssh://me@node1:2222"), false).withDaemonCommand("mirai4j");
    List<List<String>> cmds = ssh.commands(2, ARGS, "tcp://10.0.0.1:5555", false);
    List<String> expected = List.of("ssh", "-o", "ConnectTimeout=10", "-o", "BatchMode=yes", "-T", "-p", "2222",
        "me@node1", "nohup sh -c " + Shell.quote("mirai4j " + QUOTED_ARGS) + " >/dev/null 2>&1 </dev/null &");
    assertThat(cmds).containsExactly(expected, expected);
  }

  @Test
  void sshReadsTheSecretFromItsStdinWithShellBuiltInsBeforeStartingTheDaemons() {
    SshConfig ssh = RemoteConfig.ssh(List.of("ssh://node1"), false).withDaemonCommand("mirai4j");
    String read = "IFS= read -r MIRAI4J_SECRET; export MIRAI4J_SECRET; ";
    assertThat(ssh.commands(1, ARGS, "tcp://10.0.0.1:5555", true).get(0)).last().isEqualTo(
        read + "nohup sh -c " + Shell.quote("mirai4j " + QUOTED_ARGS) + " >/dev/null 2>&1 </dev/null &");
    SshConfig tunnel = RemoteConfig.ssh(List.of("ssh://node1"), true).withDaemonCommand("mirai4j");
    assertThat(tunnel.commands(2, ARGS, "tcp://127.0.0.1:40001", true).get(0)).last().asString()
        .startsWith(read + "sh -c ").endsWith(" & wait");
  }

  @Test
  void sshWithoutAPortLeavesItToSshsConfigurationAndPutsExtraOptionsFirst() {
    SshConfig ssh = RemoteConfig.ssh(List.of("ssh://testhost"), false)
        .withSshOptions(List.of("-F", "/etc/cfg")).withDaemonCommand("x");
    List<String> argv = ssh.commands(1, ARGS, "tcp://10.0.0.1:5555", false).get(0);
    assertThat(argv.subList(0, 3)).containsExactly("ssh", "-F", "/etc/cfg");
    assertThat(argv).doesNotContain("-p").contains("testhost");
  }

  @Test
  void sshWithSeveralRemotesStartsOneDaemonOnEach() {
    SshConfig ssh = RemoteConfig.ssh(List.of("ssh://a", "ssh://b:23", "ssh://u@[::1]:24"), false)
        .withDaemonCommand("x");
    List<List<String>> one = ssh.commands(1, ARGS, "tcp://10.0.0.1:5555", false);
    assertThat(one).extracting(a -> a.get(a.size() - 2)).containsExactly("a", "b", "u@::1");
    assertThat(ssh.commands(3, ARGS, "tcp://10.0.0.1:5555", false)).hasSize(3);
    assertThatThrownBy(() -> ssh.commands(2, ARGS, "tcp://10.0.0.1:5555", false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 remotes");
  }

  @Test
  void sshTunnelForwardsTheHostPortAndKeepsOneSessionPerRemoteOpen() {
    SshConfig ssh = RemoteConfig.ssh(List.of("ssh://node"), true).withDaemonCommand("x");
    List<List<String>> cmds = ssh.commands(2, ARGS, "tcp://127.0.0.1:40001", false);
    assertThat(cmds).hasSize(1);
    String daemon = "sh -c " + Shell.quote("x " + QUOTED_ARGS) + " >/dev/null 2>&1 </dev/null";
    assertThat(cmds.get(0)).doesNotContain("-f").containsSubsequence("-o", "ForkAfterAuthentication=yes",
        "-o", "ExitOnForwardFailure=yes", "-R",
        "40001:127.0.0.1:40001", "node", daemon + " & " + daemon + " & wait");
    assertThat(cmds.get(0)).noneMatch(w -> w.contains("nohup"));
  }

  @Test
  void sshTunnelNeedsAHostUrlOn127001() {
    SshConfig ssh = RemoteConfig.ssh(List.of("ssh://node"), true);
    assertThatThrownBy(() -> ssh.launch(1, ARGS, "tcp://10.0.0.1:5555"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("127.0.0.1").hasMessageContaining("tcp://10.0.0.1:5555");
    assertThatThrownBy(() -> ssh.launch(1, ARGS, "tcp://127.0.0.1:0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
  }

  @Test
  void sshRemotesMustBeSshUrls() {
    assertThatThrownBy(() -> RemoteConfig.ssh(List.of("node1"), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ssh://");
    assertThatThrownBy(() -> RemoteConfig.ssh(List.of(), false)).isInstanceOf(IllegalArgumentException.class);
  }

  // cluster

  @Test
  void slurmSubmitsOneArrayJobWithTheOptionLinesBeforeTheDaemon() {
    ClusterConfig c = RemoteConfig.cluster("sbatch", "  #SBATCH --mem=512\n\t#SBATCH --time=5\n  module load java")
        .withDaemonCommand("mirai4j");
    assertThat(c.scheduler()).isEqualTo(ClusterConfig.Scheduler.SLURM);
    assertThat(c.submitCommand(4)).containsExactly("sbatch", "--array=1-4");
    assertThat(c.submitCommand(1)).containsExactly("sbatch");
    assertThat(c.script(ARGS)).isEqualTo(
        "#!/bin/sh\n#SBATCH --mem=512\n#SBATCH --time=5\nmodule load java\nmirai4j " + QUOTED_ARGS + "\n");
  }

  @Test
  void slurmGetsTheSecretInTheScriptAfterTheOptionLinesAsShellBuiltIns() {
    ClusterConfig c = RemoteConfig.cluster("sbatch", "#SBATCH --mem=512").withDaemonCommand("mirai4j");
    assertThat(c.script(ARGS, SECRET, null)).isEqualTo("#!/bin/sh\n#SBATCH --mem=512\nMIRAI4J_SECRET="
        + Shell.quote(SECRET) + "; export MIRAI4J_SECRET\nmirai4j " + QUOTED_ARGS + "\n");
    assertThat(String.join(" ", c.submitCommand(3))).doesNotContain(SECRET);
  }

  @Test
  void gridEngineGetsAShellAJobNameAndTaskRangeUnlessTheOptionsSetThem() {
    ClusterConfig sge = RemoteConfig.cluster("qsub", "#$ -l mem_free=1G");
    assertThat(sge.scheduler()).isEqualTo(ClusterConfig.Scheduler.SGE);
    assertThat(sge.submitCommand(3)).containsExactly("qsub", "-S", "/bin/sh", "-N", "mirai4j", "-t", "1-3");
    ClusterConfig named = RemoteConfig.cluster("/opt/sge/bin/qsub", "#$ -N work\n#$ -S /bin/bash");
    assertThat(named.submitCommand(1)).containsExactly("/opt/sge/bin/qsub");
  }

  @Test
  void pbsIsRecognisedByItsOptionLinesAndUsesJobArrays() {
    ClusterConfig pbs = RemoteConfig.cluster("qsub", "#PBS -l mem=1gb");
    assertThat(pbs.scheduler()).isEqualTo(ClusterConfig.Scheduler.PBS);
    assertThat(pbs.submitCommand(5)).containsExactly("qsub", "-J", "1-5");
  }

  @Test
  void lsfNamesTheArrayAfterTheJobNameOption() {
    assertThat(RemoteConfig.cluster("bsub", "#BSUB -J work\n#BSUB -M 1000").submitCommand(2))
        .containsExactly("bsub", "-J", "work[1-2]");
    assertThat(RemoteConfig.cluster("bsub", "").submitCommand(2)).containsExactly("bsub", "-J", "mirai4j[1-2]");
    assertThat(RemoteConfig.cluster("bsub", "").submitCommand(1)).containsExactly("bsub");
  }

  @Test
  void daemonsPerJobMustBePositiveAndIsNamedInTheMessage() {
    ClusterConfig c = RemoteConfig.cluster("sbatch", "");
    assertThat(c.daemonsPerJob()).isEqualTo(1);
    assertThat(c.withDaemonsPerJob(3).daemonsPerJob()).isEqualTo(3);
    assertThat(c.daemonsPerJob()).as("the original is unchanged").isEqualTo(1);
    assertThatThrownBy(() -> c.withDaemonsPerJob(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got: 0");
    assertThatThrownBy(() -> c.withDaemonsPerJob(-2)).hasMessageContaining("got: -2");
  }

  @Test
  void withSeveralDaemonsPerJobTheArrayHasCeilNOverKTasks() {
    ClusterConfig slurm = RemoteConfig.cluster("sbatch", "").withDaemonsPerJob(2);
    assertThat(slurm.submitCommand(4)).containsExactly("sbatch", "--array=1-2");
    assertThat(slurm.submitCommand(5)).containsExactly("sbatch", "--array=1-3");
    assertThat(slurm.submitCommand(2)).containsExactly("sbatch");
    assertThat(slurm.submitCommand(1)).containsExactly("sbatch");
    assertThat(RemoteConfig.cluster("qsub", "#$ -N w").withDaemonsPerJob(3).submitCommand(7))
        .containsExactly("qsub", "-S", "/bin/sh", "-t", "1-3");
  }

  /** Runs a job script with sh as array task {@code task}: the number of daemon lines it started. */
  static long daemonsStarted(ClusterConfig c, int n, String taskVar, int task) throws Exception {
    String script = c.withDaemonCommand("echo started").script(n, List.of("daemon"), null, null);
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", script);
    pb.environment().put(taskVar, Integer.toString(task));
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    return out.lines().filter(l -> l.equals("started daemon")).count();
  }

  @Test
  void eachTaskStartsKDaemonsAndTheLastTheRest() throws Exception {
    ClusterConfig slurm = RemoteConfig.cluster("sbatch", "#SBATCH --mem=1").withDaemonsPerJob(2);
    assertThat(daemonsStarted(slurm, 5, "SLURM_ARRAY_TASK_ID", 1)).isEqualTo(2);
    assertThat(daemonsStarted(slurm, 5, "SLURM_ARRAY_TASK_ID", 2)).isEqualTo(2);
    assertThat(daemonsStarted(slurm, 5, "SLURM_ARRAY_TASK_ID", 3)).isEqualTo(1);
    assertThat(daemonsStarted(slurm, 4, "SLURM_ARRAY_TASK_ID", 2)).isEqualTo(2);
    assertThat(daemonsStarted(slurm, 1, "SLURM_ARRAY_TASK_ID", 1)).isEqualTo(1);
    ClusterConfig sge = RemoteConfig.cluster("qsub", "").withDaemonsPerJob(3);
    assertThat(daemonsStarted(sge, 2, "SGE_TASK_ID", 1)).as("one job, fewer than k").isEqualTo(2);
    assertThat(daemonsStarted(sge, 7, "SGE_TASK_ID", 3)).isEqualTo(1);
    assertThat(daemonsStarted(RemoteConfig.cluster("bsub", "").withDaemonsPerJob(4), 6, "LSB_JOBINDEX", 2))
        .isEqualTo(2);
    assertThat(daemonsStarted(RemoteConfig.cluster("qsub", "#PBS -l x").withDaemonsPerJob(4), 6, "PBS_ARRAY_INDEX", 2))
        .isEqualTo(2);
  }

  @Test
  void withOneDaemonPerJobTheScriptIsTheDaemonLineAlone() {
    ClusterConfig c = RemoteConfig.cluster("sbatch", "").withDaemonCommand("mirai4j");
    assertThat(c.script(3, ARGS, null, null)).isEqualTo("#!/bin/sh\nmirai4j " + QUOTED_ARGS + "\n");
  }

  @Test
  void viaNeedsOneLoginNodeWithoutATunnel() {
    ClusterConfig c = RemoteConfig.cluster("sbatch", "");
    assertThatThrownBy(() -> c.via(RemoteConfig.ssh(List.of("ssh://login"), true)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tunnel");
    assertThatThrownBy(() -> c.via(RemoteConfig.ssh(List.of("ssh://a", "ssh://b"), false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one remote");
    assertThat(c.via(RemoteConfig.ssh(List.of("ssh://login"), false)).toString()).contains("via");
  }

  @Test
  void viaWritesTheSecretFileWithShellBuiltInsBeforeSubmitting() {
    ClusterConfig sge = RemoteConfig.cluster("qsub", "#$ -N w").withEnvironment(java.util.Map.of("SGE_ROOT", "/x y"))
        .withWorkingDirectory(new java.io.File("/tmp/jobs"));
    String cmd = sge.remoteSubmitCommand(sge.submitCommand(2), "secret-0123");
    assertThat(cmd).isEqualTo("(umask 077 && mkdir -p \"$HOME/.mirai4j/secrets\" && chmod 700 \"$HOME/.mirai4j/secrets\""
        + " && IFS= read -r s && printf '%s\\n' \"$s\" > \"$HOME/.mirai4j/secrets/secret-0123\") && "
        + "SGE_ROOT='/x y' && export SGE_ROOT && cd /tmp/jobs && qsub -S /bin/sh -t 1-2");
    assertThat(RemoteConfig.cluster("sbatch", "").remoteSubmitCommand(List.of("sbatch", "--array=1-2"), null))
        .isEqualTo("sbatch --array=1-2");
  }

  @Test
  void aSitesWrapperIsAcceptedAndSpeaksTheSchedulerItsOptionLinesName() {
    assertThat(RemoteConfig.cluster("/site/bin/submit", "#SBATCH --mem=1").scheduler())
        .isEqualTo(ClusterConfig.Scheduler.SLURM);
    assertThat(RemoteConfig.cluster("submit", "module load java\n#$ -N w").scheduler())
        .isEqualTo(ClusterConfig.Scheduler.SGE);
    assertThat(RemoteConfig.cluster("submit", "#PBS -l mem=1gb").scheduler())
        .isEqualTo(ClusterConfig.Scheduler.PBS);
    assertThat(RemoteConfig.cluster("submit", "#BSUB -J w").submitCommand(2))
        .containsExactly("submit", "-J", "w[1-2]");
  }

  @Test
  void aWrapperWhoseSchedulerNothingTellsIsRefusedAtLaunchUntilWithSchedulerSaysIt() {
    ClusterConfig wrapper = RemoteConfig.cluster("submit", "module load java");
    assertThat(wrapper.scheduler()).isNull();
    assertThatThrownBy(() -> wrapper.launch(1, ARGS, "tcp://10.0.0.1:5555", SECRET))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'submit'")
        .hasMessageContaining("withScheduler(ClusterConfig.Scheduler.SLURM)");
    ClusterConfig slurm = wrapper.withScheduler(ClusterConfig.Scheduler.SLURM);
    assertThat(slurm.submitCommand(3)).containsExactly("submit", "--array=1-3");
    assertThatThrownBy(() -> RemoteConfig.cluster(" ", ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
  }

  // command

  @Test
  void commandReplacesTheDotWithTheQuotedDaemonLine() {
    CommandConfig c = RemoteConfig.command("ssh", List.of("-fTp 22 node", "."), true).withDaemonCommand("mirai4j");
    assertThat(c.commandLine(ARGS)).isEqualTo("ssh -fTp 22 node " + Shell.quote("mirai4j " + QUOTED_ARGS));
  }

  @Test
  void commandWithoutQuoteSplicesTheDaemonLineInAsWords() {
    CommandConfig c = RemoteConfig.command("srun", List.of("--mem 512", "-n 1", "."), false)
        .withDaemonCommand("mirai4j");
    assertThat(c.commandLine(ARGS)).isEqualTo("srun --mem 512 -n 1 mirai4j " + QUOTED_ARGS);
  }

  @Test
  void commandArgsMustHoldExactlyOneDot() {
    assertThatThrownBy(() -> RemoteConfig.command("srun", List.of("-n 1"), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\".\"");
  }

  // http

  @Test
  void httpDataNeedsAPlaceholderAndTheCommandIsJsonEscaped() {
    assertThatThrownBy(() -> RemoteConfig.http(() -> "http://127.0.0.1:1", "POST", null, "{}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("%s");
    assertThat(HttpConfig.jsonEscape("a \"b\" \\c\nd\u0001")).isEqualTo("a \\\"b\\\" \\\\c\\nd\\u0001");
  }
}
