package org.mirai4j.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real single-node Slurm of {@code .ci/infra/slurm.sh}. */
class SlurmLauncherIT {
  @TempDir
  Path dir;

  @BeforeAll
  static void slurm() {
    TestInfra.requireSlurm();
  }

  @Test
  void nDaemonsRunAsOneJobArrayWithTheOptionLines() throws Exception {
    String record = "sh -c " + Shell.quote("printf '%s\\n' \"$@\" > " + dir + "/d.$SLURM_ARRAY_TASK_ID") + " rec";
    ClusterConfig sbatch = RemoteConfig.cluster("sbatch",
            "#SBATCH --job-name=m4j-it\n#SBATCH --output=/dev/null\n#SBATCH --mem=16")
        .withDaemonCommand(record);

    List<String> lines = sbatch.launch(3, RemoteConfigTest.ARGS, "tcp://10.0.0.1:5555");

    assertThat(lines).singleElement().asString().startsWith("sbatch --array=1-3 <<'EOF'\n#!/bin/sh\n#SBATCH --job-name=m4j-it");
    await().atMost(Duration.ofSeconds(60)).until(() ->
        List.of(1, 2, 3).stream().allMatch(i -> dir.resolve("d." + i).toFile().length() > 0));
    assertThat(Files.readAllLines(dir.resolve("d.2"))).containsExactlyElementsOf(RemoteConfigTest.ARGS);
  }

  @Test
  void aSitesWrapperAroundSbatchLaunchesOnceToldItSpeaksSlurm() throws Exception {
    // a wrapper as sites have: it logs the submission, then hands the script on to sbatch
    Path wrapper = dir.resolve("site-submit");
    Files.writeString(wrapper, "#!/bin/sh\necho submitted >> " + dir + "/wrapper.log\nexec sbatch \"$@\"\n");
    assertThat(wrapper.toFile().setExecutable(true)).isTrue();
    String record = "sh -c " + Shell.quote("printf '%s\\n' \"$@\" > " + dir + "/w.$SLURM_ARRAY_TASK_ID") + " rec";
    ClusterConfig site = RemoteConfig.cluster(wrapper.toString(), "umask 022")
        .withScheduler(ClusterConfig.Scheduler.SLURM).withDaemonCommand(record)
        .withWorkingDirectory(dir.toFile()); // Slurm's default output files go there

    List<String> lines = site.launch(2, RemoteConfigTest.ARGS, "tcp://10.0.0.1:5555");

    assertThat(lines).singleElement().asString().startsWith(wrapper + " --array=1-2 <<'EOF'");
    assertThat(Files.readAllLines(dir.resolve("wrapper.log"))).containsExactly("submitted");
    await().atMost(Duration.ofSeconds(60)).until(() ->
        List.of(1, 2).stream().allMatch(i -> dir.resolve("w." + i).toFile().length() > 0));
    assertThat(Files.readAllLines(dir.resolve("w.1"))).containsExactlyElementsOf(RemoteConfigTest.ARGS);
  }

  @Test
  void aBadOptionThrowsWithSlurmsMessage() {
    ClusterConfig sbatch = RemoteConfig.cluster("sbatch", "#SBATCH --no-such-option=1").withDaemonCommand("true");
    assertThatThrownBy(() -> sbatch.launch(1, List.of("daemon"), "tcp://10.0.0.1:5555"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("sbatch failed")
        .hasMessageContaining("no-such-option");
  }

  @Test
  void anUnsatisfiableRequestThrowsWithSlurmsMessage() {
    ClusterConfig sbatch = RemoteConfig.cluster("sbatch", "#SBATCH --partition=nosuchpartition")
        .withDaemonCommand("true");
    assertThatThrownBy(() -> sbatch.launch(2, List.of("daemon"), "tcp://10.0.0.1:5555"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("invalid partition");
  }
}
