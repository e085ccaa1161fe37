package org.mirai4j.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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

  @Test
  void aTaskArrayOfTwoDaemonsSharesHostOnlyTasks() throws Exception {
    ClusterConfig qsub = RemoteConfig.cluster("qsub", "#$ -N " + jobName + "\n#$ -j y\n#$ -o " + dir)
        .withEnvironment(env).withWorkingDirectory(dir.toFile())
        .withDaemonCommand(RemoteIt.daemonCommand(marker));
    long t0 = System.nanoTime();

    Daemons daemons = Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").start();
    List<String> submitted = daemons.launchRemote(2, qsub);

    assertThat(submitted).singleElement().asString().startsWith("qsub -S /bin/sh -t 1-2 <<'EOF'\n#!/bin/sh\n")
        .contains(RemoteIt.cliJar().toString());
    System.out.println("[sge] submitted in " + RemoteIt.since(t0) + ": " + jobs().replace('\n', ','));
    RemoteIt.awaitConnections(NAME, 2, Duration.ofSeconds(120));
    System.out.println("[sge] 2 connected after " + RemoteIt.since(t0));

    Set<Long> pids = RemoteIt.runThirtyHostOnlyTasks(NAME, marker);
    System.out.println("[sge] 30 tasks done after " + RemoteIt.since(t0) + " on daemon pids " + pids);

    Daemons.reset(NAME);
    await("SGE jobs of " + jobName + " ended").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> jobs().isEmpty());
    RemoteIt.awaitGone(marker, Duration.ofSeconds(10));
    System.out.println("[sge] jobs ended after reset, total " + RemoteIt.since(t0));
  }
}
