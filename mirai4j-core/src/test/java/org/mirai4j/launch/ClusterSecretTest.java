package org.mirai4j.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each scheduler's submission carries, through a stand-in submit command that records its
 * arguments and the job script it reads from stdin (no PBS or LSF server exists here; Slurm and
 * Grid Engine run for real in {@code SlurmDaemonsIT}/{@code SgeDaemonsIT} of mirai4j-cli).
 */
class ClusterSecretTest {
  static final Pattern SECRET_FILE = Pattern.compile("--secret-file=(\\S+)");

  @TempDir
  Path dir;

  /** A submit command that records argv (one per line) and stdin, then prints a job id. */
  Path fakeSubmit(String name) throws Exception {
    Path tool = Files.createDirectories(dir.resolve("bin")).resolve(name);
    Files.writeString(tool, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + dir.resolve("argv") + "\ncat > "
        + dir.resolve("script") + "\necho 'Job <42> is submitted'\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
    return tool;
  }

  @ParameterizedTest
  @EnumSource(value = ClusterConfig.Scheduler.class, names = {"SGE", "PBS", "LSF"})
  void theSecretIsInA0600FileNamedByTheScriptAndNowhereInTheSubmission(ClusterConfig.Scheduler scheduler)
      throws Exception {
    ClusterConfig c = RemoteConfig.cluster(fakeSubmit(scheduler == ClusterConfig.Scheduler.LSF ? "bsub" : "qsub").toString(), "")
        .withScheduler(scheduler)
        .withDaemonCommand("mirai4j");

    List<String> lines = c.launch(3, List.of("daemon", "tcp://10.0.0.1:5555"), "tcp://10.0.0.1:5555",
        RemoteConfigTest.SECRET);

    String argv = Files.readString(dir.resolve("argv"));
    String script = Files.readString(dir.resolve("script"));
    assertThat(argv).doesNotContain(RemoteConfigTest.SECRET).doesNotContain("MIRAI4J_SECRET");
    assertThat(script).doesNotContain(RemoteConfigTest.SECRET).doesNotContain("MIRAI4J_SECRET=");
    assertThat(lines).singleElement().asString().doesNotContain(RemoteConfigTest.SECRET);
    Matcher m = SECRET_FILE.matcher(script);
    assertThat(m.find()).as("--secret-file in " + script).isTrue();
    Path file = Path.of(m.group(1));
    assertThat(Files.readString(file)).isEqualTo(RemoteConfigTest.SECRET + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    // the daemon accepts the file: only its owner may read it
    assertThat(file.getParent()).isEqualTo(Path.of(System.getProperty("user.home"), ".mirai4j", "secrets"));
  }

  @org.junit.jupiter.api.Test
  void slurmCarriesTheSecretInTheScriptOnStdinAndShowsItMasked() throws Exception {
    ClusterConfig c = RemoteConfig.cluster(fakeSubmit("sbatch").toString(), "#SBATCH --mem=1")
        .withScheduler(ClusterConfig.Scheduler.SLURM).withDaemonCommand("mirai4j");

    List<String> lines = c.launch(2, List.of("daemon", "tcp://10.0.0.1:5555"), "tcp://10.0.0.1:5555",
        RemoteConfigTest.SECRET);

    assertThat(Files.readString(dir.resolve("argv"))).doesNotContain(RemoteConfigTest.SECRET);
    assertThat(Files.readString(dir.resolve("script")))
        .contains("MIRAI4J_SECRET=" + Shell.quote(RemoteConfigTest.SECRET) + "; export MIRAI4J_SECRET\n")
        .doesNotContain("--secret");
    assertThat(lines).singleElement().asString().doesNotContain(RemoteConfigTest.SECRET)
        .contains("MIRAI4J_SECRET=********; export MIRAI4J_SECRET");
  }
}
