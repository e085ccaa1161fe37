package org.mirai4j.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mirai4j.AutoscaleGroup;
import org.mirai4j.Daemons;
import org.mirai4j.Mirai;
import org.mirai4j.Opts;
import org.mirai4j.Status;
import org.mirai4j.launch.ClusterConfig;
import org.mirai4j.launch.RemoteConfig;
import org.mirai4j.launch.SshConfig;

/**
 * Autoscaling on the real single-node Slurm of {@code .ci/infra/slurm.sh}, submitted through the
 * real sshd as the login node (issue 11 items 1, 3, 4, 5 together): unlabelled daemons as one job
 * array of two daemons per task, a {@code gpu}-labelled daemon from its own launcher, both gone
 * after their idle time with their jobs.
 */
class SlurmAutoscaleIT {
  static final String NAME = "it-slurm-autoscale";
  static final Opts OPTS = Opts.compute(NAME);

  final String marker = RemoteIt.newMarker();
  final String jobName = "m4j-it-" + marker;

  @TempDir
  Path dir;

  @BeforeAll
  static void infra() {
    RemoteIt.requireSlurm();
    RemoteIt.requireSshd();
  }

  @AfterEach
  void leaveNothingRunning() {
    Daemons.reset(NAME);
    if (!jobs().isBlank()) {
      RemoteIt.run(Map.of(), Duration.ofSeconds(20), "scancel", "--name=" + jobName);
    }
    RemoteIt.killAll(marker);
  }

  String jobs() {
    return RemoteIt.run(Map.of(), Duration.ofSeconds(20), "squeue", "-h", "-n", jobName, "-o", "%i %T")
        .stdout().strip();
  }

  static AutoscaleGroup group(Status s, List<String> labels) {
    return s.autoscaled().stream().filter(g -> g.labels().equals(labels)).findFirst().orElseThrow();
  }

  @Test
  void waitingTasksScaleSlurmArraysUpThroughTheLoginNodeAndIdleDaemonsLeaveWithTheirJobs() throws Exception {
    SshConfig login = RemoteConfig.ssh(List.of("ssh://testhost"), false).withSshOptions(RemoteIt.SSH_OPTS);
    String options = "#SBATCH --job-name=" + jobName + "\n#SBATCH --output=" + dir + "/slurm-%A_%a.out";
    ClusterConfig cpu = RemoteConfig.cluster("sbatch", options).withDaemonsPerJob(2).via(login)
        .withDaemonCommand(RemoteIt.daemonCommand(marker));
    ClusterConfig gpu = RemoteConfig.cluster("sbatch", options).via(login)
        .withDaemonCommand(RemoteIt.daemonCommand(marker));
    Daemons.builder().compute(NAME).url("tcp://127.0.0.1:0").remote(cpu)
        .autoscale(0, 4, Duration.ofSeconds(3)).autoscale(List.of("gpu"), 1, gpu)
        .launchTimeout(Duration.ofMinutes(5)).start();
    long t0 = System.nanoTime();

    // first in the queue, so the gpu daemon takes it before any of the tasks behind it
    Mirai<List<String>> onGpu = Mirai.mirai(() -> List.of("gpu"), OPTS.withRequires("gpu"));
    String go = dir.resolve("go").toString();
    List<Mirai<Long>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tasks.add(Mirai.mirai(() -> {
        while (!Files.exists(Path.of(go))) {
          Thread.sleep(20);
        }
        return ProcessHandle.current().pid();
      }, OPTS));
    }

    await("4 cpu daemons and 1 gpu daemon").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          Status s = Daemons.status(NAME);
          return group(s, List.of()).connected() == 4 && group(s, List.of("gpu")).scaledUp() == 1;
        });
    String running = jobs();
    System.out.println("[slurm autoscale] up after " + RemoteIt.since(t0) + ": " + running.replace('\n', ','));
    assertThat(onGpu.get(120, TimeUnit.SECONDS)).containsExactly("gpu");
    assertThat(onGpu.daemon().orElseThrow().labels()).containsExactly("gpu");

    Files.writeString(Path.of(go), "go");
    for (Mirai<Long> m : tasks) {
      assertThat(m.get(60, TimeUnit.SECONDS)).isPositive();
    }
    await("all daemons left after idle").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> Daemons.status(NAME).connections() == 0);
    Status s = Daemons.status(NAME);
    System.out.println("[slurm autoscale] down after " + RemoteIt.since(t0) + ": " + s.autoscaled());
    assertThat(group(s, List.of()).scaledUp()).isEqualTo(4);
    assertThat(group(s, List.of()).scaledDown()).isEqualTo(4);
    assertThat(group(s, List.of("gpu")).scaledDown()).isEqualTo(1);
    assertThat(s.lost()).isZero();
    assertThat(s.launchFailed()).isZero();
    await("Slurm jobs of " + jobName + " ended").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> jobs().isEmpty());
    RemoteIt.awaitGone(marker, Duration.ofSeconds(10));
  }
}
