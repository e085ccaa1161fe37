package org.mirai4j.internal.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mirai4j.AutoExit;
import org.mirai4j.Daemon;
import org.mirai4j.DaemonOptions;

/** One table gives the daemon's options their words, their parsing and their help. */
class DaemonFlagTest {
  @Test
  void everyOptionSurvivesARoundTripThroughItsWords() {
    DaemonOptions all = DaemonOptions.builder().dispatcher(false).asyncDial(true)
        .autoExit(AutoExit.AFTER_TASK).cleanup(false).output(true)
        .idleTime(Duration.ofMillis(1500)).wallTime(Duration.ofMillis(60_000)).maxTasks(7)
        .tlsCert("/etc/cert.pem").seed(42).labels("gpu", "bigmem")
        .secretFile(Path.of("/run/secret")).build();
    List<String> words = all.toArgs();
    assertThat(words).hasSize(DaemonFlag.values().length - 1); // all but --secret-stdin
    assertThat(DaemonOptions.fromArgs(words).toArgs()).isEqualTo(words);
    assertThat(DaemonOptions.defaults().toArgs()).isEmpty();
  }

  @Test
  void helpListsEveryOptionOfTheTable() {
    for (DaemonFlag flag : DaemonFlag.values()) {
      assertThat(Daemon.usage()).contains(flag.option());
    }
  }

  @Test
  void badWordsAreNamedAndTheSecretNeverEchoed() {
    assertThatThrownBy(() -> DaemonOptions.fromArgs(List.of("--maxtasks=many")))
        .hasMessageContaining("--maxtasks takes a whole number, not 'many'");
    assertThatThrownBy(() -> DaemonOptions.fromArgs(List.of("--output=yes")))
        .hasMessageContaining("unknown daemon option: --output=yes");
    assertThatThrownBy(() -> DaemonOptions.fromArgs(List.of("--idletime")))
        .hasMessageContaining("--idletime needs a value");
    assertThatThrownBy(() -> DaemonOptions.fromArgs(List.of("--secret=hunter2")))
        .hasMessageNotContaining("hunter2").hasMessageContaining("MIRAI4J_SECRET");
  }
}
