package org.mirai4j.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real single-node Son of Grid Engine of {@code .ci/infra/sge.sh}. */
class SgeLauncherIT {
  static Map<String, String> env;

  @TempDir
  Path dir;

  @BeforeAll
  static void sge() {
    env = TestInfra.requireSge();
  }

  @Test
  void nDaemonsRunAsOneTaskArrayUnderAShellAndJobNameGivenByTheLauncher() throws Exception {
    String record = "sh -c " + Shell.quote("printf '%s\\n' \"$@\" > " + dir + "/d.$SGE_TASK_ID.$JOB_NAME") + " rec";
    ClusterConfig qsub = RemoteConfig.cluster("qsub", "#$ -o /dev/null\n#$ -j y")
        .withEnvironment(env).withWorkingDirectory(dir.toFile()).withDaemonCommand(record);

    List<String> lines = qsub.launch(3, RemoteConfigTest.ARGS, "tcp://10.0.0.1:5555");

    assertThat(lines).singleElement().asString().startsWith("qsub -S /bin/sh -N mirai4j -t 1-3 <<'EOF'\n");
    await().atMost(Duration.ofSeconds(60)).until(() ->
        List.of(1, 2, 3).stream().allMatch(i -> dir.resolve("d." + i + ".mirai4j").toFile().length() > 0));
    assertThat(Files.readAllLines(dir.resolve("d.3.mirai4j"))).containsExactlyElementsOf(RemoteConfigTest.ARGS);
  }

  @Test
  void aBadOptionThrowsWithGridEnginesMessage() {
    ClusterConfig qsub = RemoteConfig.cluster("qsub", "#$ -l no_such_resource=1")
        .withEnvironment(env).withWorkingDirectory(dir.toFile()).withDaemonCommand("true");
    assertThatThrownBy(() -> qsub.launch(1, List.of("daemon"), "tcp://10.0.0.1:5555"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("qsub failed")
        .hasMessageContaining("no_such_resource");
  }
}
