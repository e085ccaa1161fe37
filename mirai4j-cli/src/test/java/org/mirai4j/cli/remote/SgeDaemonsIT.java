package org.mirai4j.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.Daemons;
import org.mirai4j.launch.ClusterConfig;
import org.mirai4j.launch.RemoteConfig;
import org.mirai4j.launch.SshConfig;

/**
 * Two daemons as one task array of the real single-node Son of Grid Engine of
 * {@code .ci/infra/sge.sh}, each running the shaded {@code mirai4j-cli.jar}, share thirty host-only
 * tasks; a reset ends the jobs.
 */
class SgeDaemonsIT {
  static final String NAME = "it-sge";
  static Map<String, String> env;

  final String marker = RemoteIt.newMarker();
  final String jobName = marker;

  @TempDir
  Path dir;

  @BeforeAll
  static void sge() {
    env = RemoteIt.requireSge();
  }

  @AfterEach
  void leaveNothingRunning() {
    Daemons.reset(NAME);
    if (!jobs().isBlank()) {
      RemoteIt.run(env, Duration.ofSeconds(20), "qdel", jobName);
    }
    RemoteIt.killAll(marker); // a daemon that escaped its job (none should)
  }

  /** The job numbers of this test's job ({@code qstat -j NAME}), empty when it is gone. */
  String jobs() {
    RemoteIt.Ran q = RemoteIt.run(env, Duration.ofSeconds(20), "qstat", "-j", jobName);
    if (q.code() != 0) {
      assertThat(q.stdout() + q.stderr()).as("qstat -j " + jobName).contains("do not exist");
      return "";
    }
    return q.stdout().lines().filter(l -> l.startsWith("job_number:") || l.startsWith("job-array tasks:"))
        .map(String::strip).collect(Collectors.joining(" "));
  }

  /** Regular files under {@code root} whose bytes contain {@code text}. */
  static List<Path> filesHolding(Path root, String text) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).filter(f -> {
        try {
          return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(text); // text is ASCII
        } catch (IOException gone) {
          return false;
        }
      }).toList();
    }
  }

  @Test
  void aTaskArrayOfTwoDaemonsSharesHostOnlyTasks() throws Exception {
    ClusterConfig qsub = RemoteConfig.cluster("qsub", "#$ -N " + jobName + "\n#$ -j y\n#$ -o " + dir)
        .withEnvironment(env).withWorkingDirectory(dir.toFile())
        .withDaemonCommand(RemoteIt.daemonCommand(marker));
    long t0 = System.nanoTime();
    String secret = ProcessListings.newSecret();

    try (ProcessListings.Watch watch = ProcessListings.Watch.start(secret)) {
      Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(secret).start();
      List<String> submitted = daemons.launchRemote(2, qsub);

      assertThat(submitted).singleElement().asString().startsWith("qsub -S /bin/sh -t 1-2 <<'EOF'\n#!/bin/sh\n")
          .contains(RemoteIt.cliJar().toString()).contains("--secret-file=").doesNotContain(secret);
      System.out.println("[sge] submitted in " + RemoteIt.since(t0) + ": " + jobs().replace('\n', ','));
      RemoteIt.awaitConnections(NAME, 2, Duration.ofSeconds(120));
      System.out.println("[sge] 2 connected after " + RemoteIt.since(t0));

      Set<Long> pids = RemoteIt.runThirtyHostOnlyTasks(NAME, marker);
      System.out.println("[sge] 30 tasks done after " + RemoteIt.since(t0) + " on daemon pids " + pids);
      // qsub, sge_shepherd, the job scripts' shells and the daemons: none shows the secret
      ProcessListings.assertNowhere(secret, marker);
      // The scan ran while the job's processes did: its daemons carry the marker. (The submit
      // command itself can exit between two scans, so seeing it is luck, not a check; its
      // argv is asserted on the returned command above.)
      assertThat(watch.saw(marker)).as("the scan saw the job's daemons").isTrue();
      // nor does execd's world-readable spool (job scripts, job environments)
      assertThat(filesHolding(Path.of("/var/spool/gridengine/execd"), secret)).isEmpty();
    }

    Daemons.reset(NAME);
    await("SGE jobs of " + jobName + " ended").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> jobs().isEmpty());
    RemoteIt.awaitGone(marker, Duration.ofSeconds(10));
    System.out.println("[sge] jobs ended after reset, total " + RemoteIt.since(t0));
  }

  /** Two array tasks of two daemons each: four daemon processes, the secret in a 0600 file. */
  @Test
  void twoDaemonsPerArrayTaskGiveFourDistinctDaemons() throws Exception {
    ClusterConfig qsub = RemoteConfig.cluster("qsub", "#$ -N " + jobName + "\n#$ -j y\n#$ -o " + dir)
        .withEnvironment(env).withWorkingDirectory(dir.toFile()).withDaemonsPerJob(2)
        .withDaemonCommand(RemoteIt.daemonCommand(marker));
    long t0 = System.nanoTime();
    String secret = ProcessListings.newSecret();

    try (ProcessListings.Watch watch = ProcessListings.Watch.start(secret)) {
      Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(secret).start();
      List<String> submitted = daemons.launchRemote(4, qsub);

      assertThat(submitted).singleElement().asString().startsWith("qsub -S /bin/sh -t 1-2 <<'EOF'\n#!/bin/sh\n")
          .contains("m4j_k=2").contains("--secret-file=").doesNotContain(secret);
      RemoteIt.awaitConnections(NAME, 4, Duration.ofSeconds(120));
      String tasks = jobs();
      System.out.println("[sge k=2] 4 connected after " + RemoteIt.since(t0) + ": " + tasks);
      assertThat(tasks).contains("job-array tasks:").contains("1-2:1");

      Set<Long> pids = RemoteIt.distinctDaemonPids(NAME, marker, 4);
      Set<Long> served = RemoteIt.runThirtyHostOnlyTasks(NAME, marker);
      System.out.println("[sge k=2] daemon pids " + pids + ", 30 tasks on " + served + " after " + RemoteIt.since(t0));
      assertThat(pids).containsAll(served);
      ProcessListings.assertNowhere(secret, marker);
      // The scan ran while the job's processes did: its daemons carry the marker. (The submit
      // command itself can exit between two scans, so seeing it is luck, not a check; its
      // argv is asserted on the returned command above.)
      assertThat(watch.saw(marker)).as("the scan saw the job's daemons").isTrue();
      assertThat(filesHolding(Path.of("/var/spool/gridengine/execd"), secret)).isEmpty();
    }

    Daemons.reset(NAME);
    await("SGE jobs of " + jobName + " ended").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> jobs().isEmpty());
    RemoteIt.awaitGone(marker, Duration.ofSeconds(10));
  }

  /**
   * Submitted through a login node ({@code via}): the secret's 0600 file is written on the login
   * node by the ssh session's shell built-ins from ssh's stdin, then qsub reads the script from
   * the rest of it.
   */
  @Test
  void viaALoginNodeTheSecretFileIsWrittenThereFromStdin() throws Exception {
    RemoteIt.requireSshd();
    SshConfig login = RemoteConfig.ssh(List.of("ssh://testhost"), false).withSshOptions(RemoteIt.SSH_OPTS);
    ClusterConfig qsub = RemoteConfig.cluster("qsub", "#$ -N " + jobName + "\n#$ -j y\n#$ -o " + dir)
        .withEnvironment(env).withWorkingDirectory(dir.toFile()).via(login)
        .withDaemonCommand(RemoteIt.daemonCommand(marker));
    long t0 = System.nanoTime();
    String secret = ProcessListings.newSecret();
    Path secretFile = null;
    try (ProcessListings.Watch watch = ProcessListings.Watch.start(secret)) {
      Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").secret(secret).start();
      List<String> submitted = daemons.launchRemote(2, qsub);

      assertThat(submitted).singleElement().asString().startsWith("ssh -F ").contains("IFS= read -r s")
          .contains("qsub -S /bin/sh -t 1-2' <<'EOF'\n********\n#!/bin/sh\n").doesNotContain(secret);
      Matcher m = Pattern.compile("--secret-file=\\$HOME/(\\.mirai4j/secrets/secret-[0-9a-f]+)").matcher(submitted.get(0));
      assertThat(m.find()).as("the secret file in the script").isTrue();
      // sshd logs in as root on this machine: the "login node's" home is this one's
      secretFile = Path.of(RemoteIt.run(Map.of(), Duration.ofSeconds(20), "ssh", "-F", RemoteIt.SSH_CONFIG.toString(),
          "testhost", "echo $HOME").stdout().strip()).resolve(m.group(1));
      assertThat(Files.readString(secretFile)).isEqualTo(secret + "\n");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile.getParent())))
          .isEqualTo("rwx------");

      RemoteIt.awaitConnections(NAME, 2, Duration.ofSeconds(120));
      System.out.println("[sge via ssh] 2 connected after " + RemoteIt.since(t0) + ": " + jobs());
      Set<Long> pids = RemoteIt.runThirtyHostOnlyTasks(NAME, marker);
      System.out.println("[sge via ssh] 30 tasks done after " + RemoteIt.since(t0) + " on daemon pids " + pids);
      ProcessListings.assertNowhere(secret, marker);
      assertThat(watch.saw("BatchMode=yes")).as("the scan saw the ssh client").isTrue();
      assertThat(filesHolding(Path.of("/var/spool/gridengine/execd"), secret)).isEmpty();
    } finally {
      if (secretFile != null) {
        Files.deleteIfExists(secretFile); // via leaves it on the login node (documented)
      }
    }

    Daemons.reset(NAME);
    await("SGE jobs of " + jobName + " ended").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> jobs().isEmpty());
    RemoteIt.awaitGone(marker, Duration.ofSeconds(10));
  }
}
