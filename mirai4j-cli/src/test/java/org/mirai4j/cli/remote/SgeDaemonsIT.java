package org.mirai4j.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.Daemons;
import org.mirai4j.launch.ClusterConfig;
import org.mirai4j.launch.RemoteConfig;

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
      assertThat(watch.saw("qsub")).as("the scan saw qsub").isTrue();
      // nor does execd's world-readable spool (job scripts, job environments)
      assertThat(filesHolding(Path.of("/var/spool/gridengine/execd"), secret)).isEmpty();
    }

    Daemons.reset(NAME);
    await("SGE jobs of " + jobName + " ended").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> jobs().isEmpty());
    RemoteIt.awaitGone(marker, Duration.ofSeconds(10));
    System.out.println("[sge] jobs ended after reset, total " + RemoteIt.since(t0));
  }
}
