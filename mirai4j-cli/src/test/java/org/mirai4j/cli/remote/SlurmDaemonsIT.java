package org.mirai4j.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.Daemons;
import org.mirai4j.launch.ClusterConfig;
import org.mirai4j.launch.RemoteConfig;
import org.mirai4j.launch.SshConfig;

/**
 * Three daemons as one job array of the real single-node Slurm of {@code .ci/infra/slurm.sh}, each
 * running the shaded {@code mirai4j-cli.jar}, share thirty host-only tasks; a reset ends the jobs.
 */
class SlurmDaemonsIT {
  static final String NAME = "it-slurm";

  final String marker = RemoteIt.newMarker();
  final String jobName = "m4j-it-" + marker;

  @TempDir
  Path dir;

  @BeforeAll
  static void slurm() {
    RemoteIt.requireSlurm();
  }

  @AfterEach
  void leaveNothingRunning() {
    Daemons.reset(NAME);
    if (!jobs().isBlank()) {
      RemoteIt.run(Map.of(), Duration.ofSeconds(20), "scancel", "--name=" + jobName);
    }
    RemoteIt.killAll(marker); // a daemon that escaped its job (none should)
  }

  /** squeue lines of this test's jobs: "jobid state", empty when none is left. */
  String jobs() {
    return RemoteIt.run(Map.of(), Duration.ofSeconds(20), "squeue", "-h", "-n", jobName, "-o", "%i %T").stdout().strip();
  }

  @Test
  void aJobArrayOfThreeDaemonsSharesHostOnlyTasks() throws Exception {
    ClusterConfig sbatch = RemoteConfig.cluster("sbatch",
            "#SBATCH --job-name=" + jobName + "\n#SBATCH --output=" + dir + "/slurm-%A_%a.out")
        .withDaemonCommand(RemoteIt.daemonCommand(marker));
    long t0 = System.nanoTime();
    String secret = ProcessListings.newSecret();

    try (ProcessListings.Watch watch = ProcessListings.Watch.start(secret)) {
      Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(secret).start();
      List<String> submitted = daemons.launchRemote(3, sbatch);

      assertThat(submitted).singleElement().asString().startsWith("sbatch --array=1-3 <<'EOF'\n#!/bin/sh\n")
          .contains(RemoteIt.cliJar().toString()).contains("MIRAI4J_SECRET=********").doesNotContain(secret);
      System.out.println("[slurm] submitted in " + RemoteIt.since(t0) + ": " + jobs().replace('\n', ','));
      RemoteIt.awaitConnections(NAME, 3, Duration.ofSeconds(120));
      System.out.println("[slurm] 3 connected after " + RemoteIt.since(t0));

      Set<Long> pids = RemoteIt.runThirtyHostOnlyTasks(NAME, marker);
      System.out.println("[slurm] 30 tasks done after " + RemoteIt.since(t0) + " on daemon pids " + pids);
      // sbatch, slurmstepd, the job scripts' shells and the daemons: none shows the secret
      ProcessListings.assertNowhere(secret, marker);
      assertThat(ProcessListings.containing("slurm_script")).as("the job scripts' shells").isNotEmpty();
      // The scan ran while the job's processes did: its daemons carry the marker. (The submit
      // command itself can exit between two scans, so seeing it is luck, not a check; its
      // argv is asserted on the returned command above.)
      assertThat(watch.saw(marker)).as("the scan saw the job's daemons").isTrue();
    }

    Daemons.reset(NAME);
    await("Slurm jobs of " + jobName + " ended").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> jobs().isEmpty());
    RemoteIt.awaitGone(marker, Duration.ofSeconds(10));
    System.out.println("[slurm] jobs ended after reset, total " + RemoteIt.since(t0));
  }

  /** Two array tasks of two daemons each: four daemon processes, the secret still only in the spooled script. */
  @Test
  void twoDaemonsPerArrayTaskGiveFourDistinctDaemons() throws Exception {
    ClusterConfig sbatch = RemoteConfig.cluster("sbatch",
            "#SBATCH --job-name=" + jobName + "\n#SBATCH --output=" + dir + "/slurm-%A_%a.out")
        .withDaemonsPerJob(2).withDaemonCommand(RemoteIt.daemonCommand(marker));
    long t0 = System.nanoTime();
    String secret = ProcessListings.newSecret();

    try (ProcessListings.Watch watch = ProcessListings.Watch.start(secret)) {
      Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(secret).start();
      List<String> submitted = daemons.launchRemote(4, sbatch);

      assertThat(submitted).singleElement().asString().startsWith("sbatch --array=1-2 <<'EOF'\n#!/bin/sh\n")
          .contains("m4j_k=2").contains("MIRAI4J_SECRET=********").doesNotContain(secret);
      RemoteIt.awaitConnections(NAME, 4, Duration.ofSeconds(120));
      String tasks = jobs();
      System.out.println("[slurm k=2] 4 connected after " + RemoteIt.since(t0) + ": " + tasks.replace('\n', ','));
      assertThat(tasks.lines()).as("array tasks").hasSize(2);

      Set<Long> pids = RemoteIt.distinctDaemonPids(NAME, marker, 4);
      Set<Long> served = RemoteIt.runThirtyHostOnlyTasks(NAME, marker);
      System.out.println("[slurm k=2] daemon pids " + pids + ", 30 tasks on " + served + " after " + RemoteIt.since(t0));
      assertThat(pids).containsAll(served);
      ProcessListings.assertNowhere(secret, marker);
      // The scan ran while the job's processes did: its daemons carry the marker. (The submit
      // command itself can exit between two scans, so seeing it is luck, not a check; its
      // argv is asserted on the returned command above.)
      assertThat(watch.saw(marker)).as("the scan saw the job's daemons").isTrue();
    }

    Daemons.reset(NAME);
    await("Slurm jobs of " + jobName + " ended").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> jobs().isEmpty());
    RemoteIt.awaitGone(marker, Duration.ofSeconds(10));
  }

  /** Submitted through a login node ({@code via}): sbatch runs in the sshd's session, the script on ssh's stdin. */
  @Test
  void viaALoginNodeOverSshTheDaemonsConnectAndServe() throws Exception {
    RemoteIt.requireSshd();
    SshConfig login = RemoteConfig.ssh(List.of("ssh://testhost"), false).withSshOptions(RemoteIt.SSH_OPTS);
    ClusterConfig sbatch = RemoteConfig.cluster("sbatch",
            "#SBATCH --job-name=" + jobName + "\n#SBATCH --output=" + dir + "/slurm-%A_%a.out")
        .via(login).withDaemonCommand(RemoteIt.daemonCommand(marker));
    long t0 = System.nanoTime();
    String secret = ProcessListings.newSecret();

    try (ProcessListings.Watch watch = ProcessListings.Watch.start(secret)) {
      Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(secret).start();
      List<String> submitted = daemons.launchRemote(2, sbatch);

      assertThat(submitted).singleElement().asString().startsWith("ssh -F ")
          .contains(" testhost 'sbatch --array=1-2' <<'EOF'\n#!/bin/sh\n")
          .contains("MIRAI4J_SECRET=********").doesNotContain(secret);
      RemoteIt.awaitConnections(NAME, 2, Duration.ofSeconds(120));
      System.out.println("[slurm via ssh] 2 connected after " + RemoteIt.since(t0) + ": " + jobs().replace('\n', ','));

      Set<Long> pids = RemoteIt.runThirtyHostOnlyTasks(NAME, marker);
      System.out.println("[slurm via ssh] 30 tasks done after " + RemoteIt.since(t0) + " on daemon pids " + pids);
      ProcessListings.assertNowhere(secret, marker);
      assertThat(watch.saw("BatchMode=yes")).as("the scan saw the ssh client").isTrue();
      assertThat(watch.saw("sbatch --array=1-2")).as("the scan saw sbatch").isTrue();
    }

    Daemons.reset(NAME);
    await("Slurm jobs of " + jobName + " ended").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> jobs().isEmpty());
    RemoteIt.awaitGone(marker, Duration.ofSeconds(10));
  }
}
